"""Setting up a team library on PostgreSQL (LIBRARY.md 5), run once by an
administrator (`quotewright library init-team URL`): the schema, the
group roles, the grants, and the role map.

- `quotewright_rep` may read everything and store revisions and events
  (and move a quote's index row to its latest revision);
- `quotewright_approver` is a rep who may also insert decisions, which the
  database checks against `role_map` (`postgres_rules.CHECK_DECISION`);
- nobody is granted UPDATE, DELETE or TRUNCATE on the record, and the
  triggers refuse them even to the tables' owner.

`--map LEVEL=DBROLE` maps an approval level of the catalogs to a database
role (created NOLOGIN, an approver, if missing); people are then made
members of it (`GRANT DBROLE TO alice`). Names pass as bound parameters to
a function that quotes them with `format('%I')`: never SQL text.
"""

from __future__ import annotations

from sqlalchemy import text

from .store import Library

REP, APPROVER = "quotewright_rep", "quotewright_approver"

_GROUPS = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{REP}') THEN
        CREATE ROLE {REP} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APPROVER}') THEN
        CREATE ROLE {APPROVER} NOLOGIN;
    END IF;
END
$$
"""

_GRANTS = [
    f"GRANT {REP} TO {APPROVER}",
    "REVOKE ALL ON quotes, snapshots, revisions, decisions, events, role_map, alembic_version FROM PUBLIC",
    f"GRANT USAGE ON SCHEMA public TO {REP}",
    f"GRANT SELECT ON quotes, snapshots, revisions, decisions, events, role_map, alembic_version TO {REP}",
    f"GRANT INSERT, UPDATE ON quotes TO {REP}",
    f"GRANT INSERT ON snapshots, revisions, events TO {REP}",
    f"GRANT USAGE ON SEQUENCE events_seq_seq TO {REP}",
    f"GRANT INSERT ON decisions TO {APPROVER}",
    f"REVOKE UPDATE, DELETE, TRUNCATE ON snapshots, revisions, decisions, events FROM {REP}, {APPROVER}",
]

_MAP_ROLE = f"""
CREATE OR REPLACE FUNCTION quotewright_map_role(level text, database_role text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = database_role) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', database_role);
    END IF;
    EXECUTE format('GRANT {APPROVER} TO %I', database_role);
    INSERT INTO role_map (library_role, db_role) VALUES (level, database_role)
        ON CONFLICT (library_role) DO UPDATE SET db_role = EXCLUDED.db_role;
END
$$
"""


def init_team(library: Library, mapping: dict[str, str]) -> list[str]:
    """Create the roles and grants in `library` (a PostgreSQL one) and map
    each approval level in `mapping` to its database role. Returns what it
    did, one line each."""
    if not library.team:
        raise library.problem("library", "init-team needs a postgresql:// library (a local one needs no roles)")
    done = [f"schema ready in {library.name}"]
    with library.writing() as connection:
        connection.exec_driver_sql(_GROUPS)
        for grant in _GRANTS:
            connection.exec_driver_sql(grant)
        # Straight to the driver: with no parameters it leaves format's %I alone.
        connection.connection.driver_connection.execute(_MAP_ROLE)
        connection.exec_driver_sql("REVOKE ALL ON FUNCTION quotewright_map_role(text, text) FROM PUBLIC")
        done.append(f"roles {REP} (store and read) and {APPROVER} (also decide) with their grants")
        for level, database_role in mapping.items():
            connection.execute(text("SELECT quotewright_map_role(:level, :role)"),
                               {"level": level, "role": database_role})
            done.append(f"approval level {level!r} is decided by members of {database_role!r}")
    return done
