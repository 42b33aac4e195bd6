"""The library, version 1: quotes, revisions, decisions, events, role_map
(LIBRARY.md 1), and on PostgreSQL the rules the database enforces
(LIBRARY.md 5): nothing updates or deletes the record, and a decision is
checked against the role map and attributed to the database user."""

from alembic import op

from quotewright.storage.library import postgres_rules
from quotewright.storage.library.schema import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # Version 1 is schema.py as it stands. A later change to schema.py must
    # come with its own migration (0002...), and this one then keeps a
    # frozen copy of the version 1 tables instead of reading schema.py.
    metadata.create_all(bind)
    if bind.dialect.name == "postgresql":
        for statement in postgres_rules.RULES:
            op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a library is never downgraded: its record is kept")
