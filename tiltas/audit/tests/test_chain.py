"""The audit log is append-only and tamper-evident: triggers refuse changes, the chain finds
what goes around them."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tiltas.audit.models import GENESIS_HASH, AuditEntry
from tiltas.audit.services import record_access, seal_pending, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed(personas):
    """A few reads of Ona's record, sealed into the chain; the last one is returned."""
    for _ in range(3):
        record_access(actor=personas.ruta, instance=personas.ona_record,
                      participant_id=personas.ona_record.pk)
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
        record_access(actor=personas.ruta, instance=personas.ona_record,
                      participant_id=personas.ona_record.pk)
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
    record_access(actor=personas.jonas, instance=personas.ona_record,
                  participant_id=personas.ona_record.pk)
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
    record_access(actor=personas.ruta, instance=personas.ona_record,
                  participant_id=personas.ona_record.pk)
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Audit chain OK" in out
    assert "0 not sealed yet" in out
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()


def test_verify_audit_without_sealing_leaves_pending_entries(personas, capsys):
    seal_pending()
    record_access(actor=personas.ruta, instance=personas.ona_record,
                  participant_id=personas.ona_record.pk)
    call_command("verify_audit", "--no-seal")
    assert "1 not sealed yet" in capsys.readouterr().out
    assert AuditEntry.objects.filter(seq__isnull=True).count() == 1


def test_seal_audit_seals_and_says_how_many(personas, capsys):
    seal_pending()
    for _ in range(2):
        record_access(actor=personas.ruta, instance=personas.ona_record,
                      participant_id=personas.ona_record.pk)
    call_command("seal_audit")
    assert "Sealed 2 audit entries" in capsys.readouterr().out
    assert not AuditEntry.objects.filter(seq__isnull=True).exists()
