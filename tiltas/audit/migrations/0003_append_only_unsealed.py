"""The audit log is append-only even before an entry is sealed.

0002 let an unsealed entry (seq IS NULL) be changed freely, so between its insert and its
sealing anyone with database access could rewrite it, and the chain would then seal the
rewritten content. From here on the only change the database accepts is sealing itself:
seq, prev_hash and entry_hash on a row that has no seq yet; every other column must stay as
it was. Sealed entries stay frozen and deletes stay refused.
"""

from django.db import migrations

# Every column except the chain's own (seq, prev_hash, entry_hash), as created in 0001.
CONTENT_COLUMNS = [
    "id", "object_pk", "object_id", "object_repr", "serialized_data", "action",
    "changes_text", "changes", "cid", "remote_addr", "remote_port", "timestamp",
    "additional_data", "actor_email", "participant_id", "reason", "actor_id",
    "content_type_id",
]

SQLITE_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CONTENT_COLUMNS)
PG_CHANGED = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in CONTENT_COLUMNS)

SQLITE_UP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update;",
    f"""CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       WHEN OLD.seq IS NOT NULL OR {SQLITE_CHANGED}
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
PG_UP = [
    f"""CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' OR OLD.seq IS NOT NULL THEN
           RAISE EXCEPTION 'the audit log is append-only';
         END IF;
         IF {PG_CHANGED} THEN
           RAISE EXCEPTION 'the audit log is append-only: only sealing may change an entry';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
]

# The triggers of 0002, restored by the reverse migration.
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update;",
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       WHEN OLD.seq IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
PG_DOWN = [
    """CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' OR OLD.seq IS NOT NULL THEN
           RAISE EXCEPTION 'the audit log is append-only';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
]


def forwards(apps, schema_editor):
    statements = PG_UP if schema_editor.connection.vendor == "postgresql" else SQLITE_UP
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = PG_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
