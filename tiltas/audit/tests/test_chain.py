"""The audit log is append-only and tamper-evident: triggers refuse changes, the chain finds
what goes around them."""

import hashlib
import hmac
import importlib
import re
import time
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.test import override_settings

from tiltas.audit.models import GENESIS_HASH, AuditEntry
from tiltas.audit.services import _SEAL_LOCK_KEY, record_access, seal_pending, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed(personas):
    """A few reads of Ona's record, sealed into the chain; the last one is returned."""
    for _ in range(3):
        record_access(
            actor=personas.ruta, instance=personas.ona_record, participant_id=personas.ona_record.pk
        )
    seal_pending()
    return AuditEntry.objects.order_by("-seq").first()


def _drop_update_trigger() -> None:
    # Simulates someone with database access going around the append-only rule.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_entry_append_only ON audit_auditentry")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")


def test_sealing_chains_every_pending_entry_in_id_order(personas):
    for _ in range(4):
        record_access(
            actor=personas.ruta, instance=personas.ona_record, participant_id=personas.ona_record.pk
        )
    assert AuditEntry.objects.filter(seq__isnull=True).exists()
    seal_pending()
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    assert [e.seq for e in entries] == list(range(entries[0].seq, entries[0].seq + len(entries)))
    previous = entries[0].prev_hash
    assert entries[0].seq != 1 or previous == GENESIS_HASH
    for entry in entries:
        assert entry.prev_hash == previous
        assert entry.entry_hash == entry.compute_hash(previous)
        previous = entry.entry_hash
    report = verify_chain()
    assert report.ok
    assert report.unsealed == 0
    assert report.checked == AuditEntry.objects.count()


def test_sealing_again_continues_the_chain(personas, sealed):
    record_access(
        actor=personas.jonas, instance=personas.ona_record, participant_id=personas.ona_record.pk
    )
    assert seal_pending() == 1
    newest = AuditEntry.objects.order_by("-seq").first()
    assert newest.seq == sealed.seq + 1
    assert newest.prev_hash == sealed.entry_hash
    assert verify_chain().ok


def test_an_update_of_a_sealed_entry_is_refused_by_the_database(sealed):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=sealed.pk).update(object_repr="Someone else")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET remote_addr = %s WHERE id = %s", ["10.0.0.1", sealed.pk]
        )
    sealed.refresh_from_db()
    assert sealed.object_repr == "Ona Žukauskienė"
    assert sealed.remote_addr != "10.0.0.1"


def test_a_delete_is_refused_by_the_database(sealed):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=sealed.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [sealed.pk])
    assert AuditEntry.objects.filter(pk=sealed.pk).exists()


def test_tampering_around_the_trigger_breaks_the_chain_at_that_entry(personas, sealed):
    middle = AuditEntry.objects.get(seq=sealed.seq - 1)
    _drop_update_trigger()
    AuditEntry.objects.filter(pk=middle.pk).update(object_repr="Nobody")

    report = verify_chain()
    assert not report.ok
    assert report.broken_at == middle.pk
    assert "hash" in report.problem
    with pytest.raises(CommandError, match=f"BROKEN at entry id {middle.pk}"):
        call_command("verify_audit")
    with pytest.raises(CommandError):
        call_command("verify_audit", "--no-seal")


def test_a_removed_entry_breaks_the_link_of_the_next_one(sealed):
    middle = AuditEntry.objects.get(seq=sealed.seq - 1)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_entry_append_only ON audit_auditentry")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_delete")
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [middle.pk])
    report = verify_chain()
    assert not report.ok
    assert report.broken_at == sealed.pk


def test_verify_audit_seals_pending_entries_then_reports_ok(personas, capsys):
    record_access(
        actor=personas.ruta, instance=personas.ona_record, participant_id=personas.ona_record.pk
    )
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Audit chain OK" in out
    assert "0 not sealed yet" in out
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()


def test_verify_audit_without_sealing_leaves_pending_entries(personas, capsys):
    seal_pending()
    record_access(
        actor=personas.ruta, instance=personas.ona_record, participant_id=personas.ona_record.pk
    )
    call_command("verify_audit", "--no-seal")
    assert "1 not sealed yet" in capsys.readouterr().out
    assert AuditEntry.objects.filter(seq__isnull=True).count() == 1


def test_seal_audit_seals_and_says_how_many(personas, capsys):
    seal_pending()
    for _ in range(2):
        record_access(
            actor=personas.ruta, instance=personas.ona_record, participant_id=personas.ona_record.pk
        )
    call_command("seal_audit")
    assert "Sealed 2 audit entries" in capsys.readouterr().out
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()


def _drop_delete_trigger() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_entry_append_only ON audit_auditentry")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_delete")


def _plain_sha256(entry: AuditEntry) -> str:
    return hashlib.sha256(entry.prev_hash.encode() + entry.canonical()).hexdigest()


def _wrong_key(entry: AuditEntry) -> str:
    return hmac.new(
        b"a-guessed-key", entry.prev_hash.encode() + entry.canonical(), hashlib.sha256
    ).hexdigest()


@pytest.mark.parametrize("forge", [_plain_sha256, _wrong_key], ids=["sha256", "wrong-key"])
def test_a_rewritten_entry_with_a_recomputed_hash_is_found_without_the_key(sealed, forge):
    _drop_update_trigger()
    AuditEntry.objects.filter(pk=sealed.pk).update(object_repr="Nobody")
    forged = AuditEntry.objects.get(pk=sealed.pk)
    AuditEntry.objects.filter(pk=sealed.pk).update(entry_hash=forge(forged))

    report = verify_chain()
    assert not report.ok
    assert report.broken_at == sealed.pk
    assert report.problem == "entry content does not match its hash"


def test_only_the_key_recomputes_a_hash_that_verifies(sealed):
    # The counterpart of the forgeries above: the same rewrite, rehashed with the real key,
    # passes; so what stops the forger is the key and nothing else.
    _drop_update_trigger()
    AuditEntry.objects.filter(pk=sealed.pk).update(object_repr="Nobody")
    rewritten = AuditEntry.objects.get(pk=sealed.pk)
    AuditEntry.objects.filter(pk=sealed.pk).update(
        entry_hash=rewritten.compute_hash(rewritten.prev_hash)
    )
    assert verify_chain().ok


def test_the_hash_is_an_hmac_keyed_with_the_audit_chain_key(sealed):
    expected = hmac.new(
        settings.AUDIT_CHAIN_KEY.encode(),
        sealed.prev_hash.encode() + sealed.canonical(),
        hashlib.sha256,
    ).hexdigest()
    assert sealed.entry_hash == expected
    assert sealed.entry_hash != _plain_sha256(sealed)


def test_verifying_with_another_key_from_settings_breaks_an_existing_chain(sealed):
    assert verify_chain().ok
    first = AuditEntry.objects.get(seq=1)
    with override_settings(AUDIT_CHAIN_KEY="another-key-from-the-environment"):
        report = verify_chain()
        assert not report.ok
        assert report.broken_at == first.pk
        with pytest.raises(CommandError, match="BROKEN"):
            call_command("verify_audit", "--no-seal")


def test_sealing_uses_the_key_from_settings(personas):
    pending = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id"))
    assert pending
    with override_settings(AUDIT_CHAIN_KEY="the-key-of-this-installation"):
        seal_pending()
        for entry in AuditEntry.objects.filter(pk__in=[e.pk for e in pending]):
            assert entry.entry_hash == entry.compute_hash(entry.prev_hash)
    # Under the default key the chain holds up to the first entry sealed with the other one.
    report = verify_chain()
    assert not report.ok
    assert report.broken_at == pending[0].pk


@pytest.mark.parametrize(
    "column, value",
    [
        ("object_repr", "Someone else"),
        ("remote_addr", "10.0.0.1"),
        ("participant_id", None),
        ("reason", "No reason"),
        ("additional_data", {"participant_id": None}),
        ("changes_text", "nothing"),
        ("timestamp", datetime(2020, 1, 1, tzinfo=UTC)),
    ],
)
def test_an_unsealed_entry_cannot_be_changed_but_can_be_sealed(personas, column, value):
    seal_pending()
    entry = record_access(
        actor=personas.ruta, instance=personas.ona_record, participant_id=personas.ona_record.pk
    )
    assert AuditEntry.objects.get(pk=entry.pk).seq is None

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(**{column: value})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()

    assert seal_pending() == 1
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.seq is not None
    assert entry.object_repr == "Ona Žukauskienė"
    assert entry.participant_id == personas.ona_record.pk
    assert verify_chain().ok


def _migration_0003():
    return importlib.import_module("tiltas.audit.migrations.0003_append_only_unsealed")


class _Editor:
    """Just enough of a schema editor to run the migration's SQL inside the test transaction."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_reversing_0003_restores_the_triggers_of_0002(personas, sealed):
    migration = _migration_0003()
    entry = record_access(
        actor=personas.ruta, instance=personas.ona_record, participant_id=personas.ona_record.pk
    )

    migration.backwards(None, _Editor())
    # 0002: an unsealed entry could still be changed; sealed ones and deletes are refused.
    AuditEntry.objects.filter(pk=entry.pk).update(object_repr="Changed before sealing")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=sealed.pk).update(object_repr="Nobody")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=sealed.pk).delete()

    migration.forwards(None, _Editor())
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="Changed again")
    assert seal_pending() == 1


def _head(capsys) -> str:
    call_command("verify_audit")
    out = capsys.readouterr().out
    match = re.search(r"^Chain head: (\d+:[0-9a-f]{64})$", out, re.MULTILINE)
    assert match, out
    return match[1]


def test_verify_audit_prints_the_head_as_seq_and_hash(sealed, capsys):
    assert _head(capsys) == f"{sealed.seq}:{sealed.entry_hash}"


def test_a_recorded_head_still_matches_after_new_entries(personas, sealed, capsys):
    head = _head(capsys)
    record_access(
        actor=personas.jonas, instance=personas.ona_record, participant_id=personas.ona_record.pk
    )
    call_command("verify_audit", "--expect-head", head)
    out = capsys.readouterr().out
    assert f"Recorded head {sealed.seq} is still in the chain" in out
    assert "Audit chain OK" in out
    assert _head(capsys) != head


def test_expect_head_detects_the_deletion_of_the_newest_entry(sealed, capsys):
    head = _head(capsys)
    _drop_delete_trigger()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [sealed.pk])

    # The shortened chain is still a valid chain: only the recorded head shows the loss.
    assert verify_chain().ok
    with pytest.raises(CommandError, match=f"seq {sealed.seq} is missing"):
        call_command("verify_audit", "--expect-head", head)


def test_expect_head_detects_a_replaced_entry_with_the_same_seq(sealed):
    other = "f" * 64
    with pytest.raises(CommandError, match=f"seq {sealed.seq} has another hash"):
        call_command("verify_audit", "--no-seal", "--expect-head", f"{sealed.seq}:{other}")


@pytest.mark.parametrize("value", ["12", "x:abc", f"0:{'a' * 64}", f"3:{'g' * 64}"])
def test_expect_head_refuses_a_malformed_head(sealed, value):
    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("verify_audit", "--no-seal", "--expect-head", value)


def test_sealing_in_batches_chains_everything(personas):
    for _ in range(5):
        record_access(
            actor=personas.ruta, instance=personas.ona_record, participant_id=personas.ona_record.pk
        )
    pending = AuditEntry.objects.filter(seq__isnull=True).count()
    assert seal_pending(batch=2) == pending
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()
    assert verify_chain().ok


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="the advisory lock is PostgreSQL's; SQLite serialises sealers by its write lock",
)
def test_a_sealer_that_finds_the_lock_taken_returns_at_once(personas):
    pending = AuditEntry.objects.filter(seq__isnull=True).count()
    assert pending
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        assert other.settings_dict["NAME"] == connection.settings_dict["NAME"]
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_SEAL_LOCK_KEY])
        started = time.monotonic()
        assert seal_pending() == 0
        assert time.monotonic() - started < 5
        assert AuditEntry.objects.filter(seq__isnull=True).count() == pending
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_SEAL_LOCK_KEY])
    finally:
        other.close()
    # Once the other sealer is gone, sealing goes on where it stopped.
    assert seal_pending() == pending
    assert verify_chain().ok
