"""Writes of the audit log: reads of personal data, and sealing entries into the hash chain."""

import hmac
from dataclasses import dataclass

from django.db import connection, transaction

from tiltas.audit.context import current
from tiltas.audit.models import GENESIS_HASH, AuditEntry

# Advisory-lock key for the sealing step on PostgreSQL (any constant unique to this use).
_SEAL_LOCK_KEY = 7_342_001


def record_access(
    *, actor, instance, participant_id: int | None, reason: str = "", what: str = ""
) -> AuditEntry:
    """Record that ``actor`` read ``instance`` (a person's record or part of it)."""
    data: dict[str, int | str | None] = {"participant_id": participant_id}
    if reason:
        data["reason"] = reason
    if what:
        data["what"] = what
    entry = AuditEntry.objects.log_create(
        instance,
        action=AuditEntry.Action.ACCESS,
        force_log=True,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        additional_data=data,
    )
    return entry


def fill_context(entry: AuditEntry) -> None:
    """Give an entry about to be written its actor and address from the acting context."""
    acting = current()
    if acting is None:
        return
    if entry.actor_id is None:
        actor = acting.resolve_actor()
        if actor is not None:
            entry.actor = actor
            entry.actor_email = actor.email
    if not entry.remote_addr and acting.remote_addr:
        entry.remote_addr = acting.remote_addr


def _seal_after_commit() -> None:
    seal_pending()


def schedule_seal() -> None:
    """Seal new entries right after the transaction that wrote them commits (once per commit)."""
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(item[1] is _seal_after_commit for item in conn.run_on_commit):
        return
    transaction.on_commit(_seal_after_commit)


def _try_seal_lock() -> bool:
    """Take the sealing lock for this transaction if nobody holds it; never wait for it.

    On PostgreSQL a transaction-scoped advisory lock keeps two sealers apart. Waiting for it
    would make the request that wrote a read entry wait on another request's sealing, so a
    sealer that finds the lock taken leaves: the holder, the next sealer or ``seal_audit``
    chains what it leaves. On SQLite the write transaction itself keeps sealers apart.
    """
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_SEAL_LOCK_KEY])
        return bool(cursor.fetchone()[0])


def seal_pending(batch: int = 500) -> int:
    """Chain every unsealed entry, in id order, after the last sealed one. Returns how many.

    Entries are inserted without a hash, so writers never wait for each other; this short step
    links them, a batch per transaction. If another sealer is at work (PostgreSQL), it returns
    at once with what it has sealed so far (0 when it could not start).
    """
    sealed = 0
    while True:
        with transaction.atomic():
            if not _try_seal_lock():
                return sealed
            last = (
                AuditEntry.objects.filter(seq__isnull=False)
                .order_by("-seq")
                .only("seq", "entry_hash")
                .first()
            )
            prev_hash = last.entry_hash if last else GENESIS_HASH
            seq = last.seq if last else 0
            todo = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id")[:batch])
            for entry in todo:
                seq += 1
                entry.seq = seq
                entry.prev_hash = prev_hash
                entry.entry_hash = entry.compute_hash(prev_hash)
                AuditEntry.objects.filter(pk=entry.pk, seq__isnull=True).update(
                    seq=entry.seq, prev_hash=entry.prev_hash, entry_hash=entry.entry_hash
                )
                prev_hash = entry.entry_hash
            sealed += len(todo)
        if len(todo) < batch:
            return sealed


@dataclass
class ChainReport:
    checked: int
    unsealed: int
    broken_at: int | None = None
    problem: str = ""
    #: The newest sealed entry checked: record "head_seq:head_hash" to detect later truncation.
    head_seq: int | None = None
    head_hash: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(chunk: int = 2000) -> ChainReport:
    """Recompute the whole chain; report the first entry whose hash or link does not match."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq")[:chunk])
        if not rows:
            break
        for entry in rows:
            if entry.seq != expected_seq:
                return ChainReport(checked, 0, entry.pk, f"sequence gap before seq {entry.seq}")
            if entry.prev_hash != prev_hash:
                return ChainReport(checked, 0, entry.pk, "link to the previous entry is broken")
            if entry.compute_hash(prev_hash) != entry.entry_hash:
                return ChainReport(checked, 0, entry.pk, "entry content does not match its hash")
            prev_hash = entry.entry_hash
            expected_seq += 1
            checked += 1
            last_seq = entry.seq
    unsealed = AuditEntry.objects.filter(seq__isnull=True).count()
    return ChainReport(
        checked,
        unsealed,
        head_seq=last_seq or None,
        head_hash=prev_hash if last_seq else "",
    )


def check_recorded_head(seq: int, entry_hash: str) -> str:
    """Compare a head recorded earlier (e.g. in the nightly backup log) with the log now.

    The chain alone cannot show that its newest entries were removed, or that the whole log
    was replaced by a shorter one: a recorded head can. Returns the problem, or "" if the
    entry with that sequence number is still there with the same hash.
    """
    found = AuditEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first()
    if found is None:
        return f"the recorded head seq {seq} is missing: newer entries were removed"
    if not hmac.compare_digest(found, entry_hash.lower()):
        return f"the entry with seq {seq} has another hash than the recorded head"
    return ""
