"""What a PostgreSQL library enforces itself (LIBRARY.md 5), as SQL the
migration runs: the record (snapshots, revisions, decisions, events) can be neither
updated nor deleted nor truncated by anyone, whatever their privileges;
a decision names a role of its revision's own snapshot, its role index is
the database's reading of that snapshot, it is inserted only by a member
of the database role mapped to that level or a later one, and its
`decided_by` is `current_user` (a different name is refused).

The roles and grants that let reps store and approvers decide are made by
`team.init_team`, which an administrator runs once per database.
"""

from __future__ import annotations

FORBID_CHANGE = """
CREATE OR REPLACE FUNCTION quotewright_forbid_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'quotewright: % of % is forbidden: the library''s record never changes', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""

CHECK_DECISION = """
CREATE OR REPLACE FUNCTION quotewright_check_decision() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    levels jsonb;
    wanted integer;
    allowed boolean;
BEGIN
    SELECT r.levels::jsonb INTO levels FROM revisions r
        WHERE r.quote_id = NEW.quote_id AND r.content_hash = NEW.content_hash LIMIT 1;
    IF levels IS NULL THEN
        RAISE EXCEPTION 'quotewright: no revision of % has content %', NEW.quote_id, NEW.content_hash
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT ord - 1 INTO wanted FROM jsonb_array_elements_text(levels) WITH ORDINALITY AS l(role, ord)
        WHERE l.role = NEW.role;
    IF wanted IS NULL THEN
        RAISE EXCEPTION 'quotewright: % is not an approval level of this quote''s catalog', NEW.role
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.role_index := wanted;
    IF NEW.decided_by IS NULL THEN
        NEW.decided_by := current_user;
    ELSIF NEW.decided_by <> current_user THEN
        RAISE EXCEPTION 'quotewright: a decision is recorded as its database user (%), not as %',
            current_user, NEW.decided_by USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT bool_or(pg_has_role(current_user, m.db_role, 'MEMBER')) INTO allowed
        FROM jsonb_array_elements_text(levels) WITH ORDINALITY AS l(role, ord)
        JOIN role_map m ON m.library_role = l.role
        JOIN pg_roles pr ON pr.rolname = m.db_role
        WHERE l.ord - 1 >= wanted;
    IF allowed IS NOT TRUE THEN
        RAISE EXCEPTION 'quotewright: % may not decide as % (not a member of the role mapped to it or a later level)',
            current_user, NEW.role USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
"""

# A quote's index row always mirrors its highest-numbered revision,
# whatever an UPDATE says, so no one can make the list show a status or a
# TCV that no revision has; a new row is only the empty placeholder that
# `store._lock_quote` inserts (the list never shows one).
QUOTE_INDEX = """
CREATE OR REPLACE FUNCTION quotewright_quote_index() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    r revisions%ROWTYPE;
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.latest_number := 0;
        NEW.latest_revision := '';
        NEW.latest_hash := '';
        NEW.status := 'needs approval';
        RETURN NEW;
    END IF;
    SELECT * INTO r FROM revisions WHERE quote_id = OLD.id ORDER BY number DESC LIMIT 1;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION 'quotewright: a quote id never changes' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF r.revision_id IS NULL THEN
        RETURN OLD;
    END IF;
    NEW.latest_number := r.number;
    NEW.latest_revision := r.revision_id;
    NEW.latest_hash := r.content_hash;
    NEW.customer := r.customer;
    NEW.plan := r.plan;
    NEW.currency := r.currency;
    NEW.tcv_e4 := r.tcv_e4;
    NEW.level_index := r.level_index;
    NEW.valid_until := r.valid_until;
    -- LIBRARY.md 2, as domain.library.quote_status reads it
    NEW.status := CASE
        WHEN r.level_index = 0 THEN 'ready'
        WHEN (SELECT d.kind FROM decisions d WHERE d.quote_id = OLD.id AND d.content_hash = r.content_hash
              ORDER BY d.decided_at DESC, d.decision_id DESC LIMIT 1) = 'reject' THEN 'rejected'
        WHEN EXISTS (SELECT 1 FROM decisions d WHERE d.quote_id = OLD.id AND d.content_hash = r.content_hash
                     AND d.kind = 'approve' AND d.role_index >= r.level_index) THEN 'approved'
        ELSE 'needs approval' END;
    RETURN NEW;
END
$$
"""

# A new decision moves its quote's status at once, whoever inserted it.
DECISION_MOVES_STATUS = """
CREATE OR REPLACE FUNCTION quotewright_decision_moves_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE quotes SET status = status WHERE id = NEW.quote_id;
    RETURN NULL;
END
$$
"""

RECORD = ("snapshots", "revisions", "decisions", "events")

RULES = [
    FORBID_CHANGE,
    CHECK_DECISION,
    QUOTE_INDEX,
    "CREATE TRIGGER quotes_mirror_latest BEFORE INSERT OR UPDATE ON quotes "
    "FOR EACH ROW EXECUTE FUNCTION quotewright_quote_index()",
    "CREATE TRIGGER quotes_never_deleted BEFORE DELETE ON quotes "
    "FOR EACH ROW EXECUTE FUNCTION quotewright_forbid_change()",
    *(f"CREATE TRIGGER {table}_never_change BEFORE UPDATE OR DELETE ON {table} "
      "FOR EACH ROW EXECUTE FUNCTION quotewright_forbid_change()" for table in RECORD),
    *(f"CREATE TRIGGER {table}_never_truncate BEFORE TRUNCATE ON {table} "
      "FOR EACH STATEMENT EXECUTE FUNCTION quotewright_forbid_change()" for table in RECORD),
    "CREATE TRIGGER decisions_checked BEFORE INSERT ON decisions "
    "FOR EACH ROW EXECUTE FUNCTION quotewright_check_decision()",
    DECISION_MOVES_STATUS,
    "CREATE TRIGGER decisions_move_status AFTER INSERT ON decisions "
    "FOR EACH ROW EXECUTE FUNCTION quotewright_decision_moves_status()",
]
