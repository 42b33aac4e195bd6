"""A throw-away PostgreSQL server for the library tests: the Debian binaries
(`/usr/lib/postgresql/*/bin`, installed by .ci/run) in a temporary data
directory, run as an unprivileged user (the server refuses root; as root
the `postgres` system user is used, or one is created), reached over a Unix
socket inside that directory only. One server per test session; each test
takes a fresh database from it.

In CI (`CI=true`) a server that cannot start fails the tests; on a laptop
without PostgreSQL they skip.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ADMIN = "qw_admin"
_counter = itertools.count(1)


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _server_user() -> str | None:
    """Who runs the server: ourselves unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "quotewright-pg"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "quotewright-pg"], check=True)
    return "quotewright-pg"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self, bin_dir: Path, user: str | None):
        self.bin_dir, self.user = bin_dir, user
        self.root = Path(tempfile.mkdtemp(prefix="qwpg-"))
        self.data, self.socket_dir = self.root / "data", self.root
        self.port = _free_port()
        if user:
            entry = pwd.getpwnam(user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        os.chmod(self.root, 0o755)  # test users (any uid) reach the socket

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bin_dir / command[0]), *command[1:]], capture_output=True, text=True,
                              user=self.user, timeout=60, cwd=self.root)

    def start(self) -> None:
        made = self._run("initdb", "-D", str(self.data), "-U", ADMIN, "-A", "trust", "--no-sync", "-E", "UTF8",
                         "--locale=C")
        if made.returncode:
            raise RuntimeError(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
        options = (f"-k {self.socket_dir} -p {self.port} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        started = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "server.log"),
                            "-w", "-t", "30", "start")
        if started.returncode:
            log = (self.root / "server.log").read_text(errors="replace")[-400:]
            raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()} {log}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = ADMIN) -> str:
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port={self.port}"

    def connect(self, database: str = "postgres", user: str = ADMIN, autocommit: bool = True):
        import psycopg

        return psycopg.connect(host=str(self.socket_dir), port=self.port, dbname=database, user=user,
                               autocommit=autocommit)

    def new_database(self) -> str:
        name = f"library_{os.getpid()}_{next(_counter)}"
        with self.connect() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def login_role(self, name: str, *member_of: str) -> str:
        """A login user (no password: the socket trusts), member of `member_of`."""
        from psycopg import sql

        with self.connect() as connection:
            exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
            for group in member_of:
                connection.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(name)))
        return name


def start_server() -> PostgresServer:
    bin_dir = _binaries()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        raise RuntimeError(f"psycopg is not installed: {error}") from None
    server = PostgresServer(bin_dir, _server_user())
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def postgres():
    """The session's PostgreSQL server (fails in CI, skips elsewhere, when it cannot start)."""
    try:
        server = start_server()
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and could not start: {error}")
        pytest.skip(f"PostgreSQL is not available: {error}")
    yield server
    server.stop()
