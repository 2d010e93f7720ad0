import hashlib
import hmac
import json

from auditlog.models import AbstractLogEntry
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEntry(AbstractLogEntry):
    """One audit-log entry: a create, change, delete or read, written by django-auditlog.

    Entries are inserted freely and later sealed into a hash chain (``seq``, ``prev_hash``,
    ``entry_hash``) by a short sealing step, so recording a read never waits on a global lock.
    A database trigger refuses any change to a sealed entry and any delete.
    """

    participant_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    reason = models.TextField(blank=True)
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta(AbstractLogEntry.Meta):
        swappable = "AUDITLOG_LOGENTRY_MODEL"
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def save(self, *args, **kwargs):
        # The subject person is derived from what the audited model reported, so the log
        # can list every access to one person with one indexed query.
        if self.participant_id is None and self.additional_data:
            self.participant_id = self.additional_data.get("participant_id")
        if self.additional_data and not self.reason:
            self.reason = self.additional_data.get("reason", "")
        super().save(*args, **kwargs)

    def canonical(self) -> bytes:
        """The fields the hash covers, in a stable serialisation: every column but the chain's
        own (``prev_hash`` and ``entry_hash``), so no part of an entry can change unnoticed."""
        body = {
            "id": self.pk,
            "seq": self.seq,
            "timestamp": self.timestamp.isoformat(),
            "actor": self.actor_id,
            "actor_email": self.actor_email,
            "action": self.action,
            "content_type": self.content_type_id,
            "object_pk": self.object_pk,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "serialized_data": self.serialized_data,
            "changes": self.changes,
            "changes_text": self.changes_text,
            "cid": self.cid,
            "remote_addr": self.remote_addr,
            "remote_port": self.remote_port,
            "participant": self.participant_id,
            "reason": self.reason,
            "additional_data": self.additional_data,
        }
        return json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()

    def compute_hash(self, prev_hash: str) -> str:
        """HMAC-SHA256 over the previous hash and this entry, keyed with AUDIT_CHAIN_KEY.

        A bare hash could be recomputed by anyone with write access to the database after
        rewriting a row; the key lives outside the database, so they cannot."""
        return hmac.new(
            chain_key(), prev_hash.encode() + self.canonical(), hashlib.sha256
        ).hexdigest()


def chain_key() -> bytes:
    """The secret that keys the audit chain, read at call time (settings may be overridden)."""
    key = getattr(settings, "AUDIT_CHAIN_KEY", "") or settings.SECRET_KEY
    return key.encode() if isinstance(key, str) else bytes(key)


class CaseEvent(models.Model):
    """A step of a person's journey: what staff read as the history and what reports count."""

    class Type(models.TextChoices):
        PARTICIPANT_REGISTERED = "participant_registered", _("Participant registered")
        PARTICIPANT_UPDATED = "participant_updated", _("Personal data updated")
        SENSITIVE_UPDATED = "sensitive_updated", _("Sensitive section updated")
        REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
        ENROLLED = "enrolled", _("Enrolled in a programme")
        RE_ENTERED = "re_entered", _("Re-entered a programme")
        EXITED = "exited", _("Left a programme")
        ENROLMENT_SUSPENDED = "enrolment_suspended", _("Taking part suspended")
        ENROLMENT_RESUMED = "enrolment_resumed", _("Taking part resumed")
        CASE_OPENED = "case_opened", _("Case opened")
        CASE_CLOSED = "case_closed", _("Case closed")
        CASE_REOPENED = "case_reopened", _("Case reopened")
        CASE_MANAGER_CHANGED = "case_manager_changed", _("Case manager changed")
        TEAM_MEMBER_ADDED = "team_member_added", _("Case team member added")
        TEAM_MEMBER_REMOVED = "team_member_removed", _("Case team member removed")
        CONSENT_GIVEN = "consent_given", _("Consent given")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="events"
    )
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    type = models.CharField(_("event"), max_length=40, choices=Type.choices, db_index=True)
    occurred_on = models.DateField(_("date"))
    payload = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [models.Index(fields=["participant", "-occurred_on"])]

    def __str__(self) -> str:
        return self.get_type_display()

    @property
    def detail(self) -> str:
        """The event's particulars in words, for the timeline."""
        from tiltas.accounts.models import Specialty
        from tiltas.people.models import Consent

        p = self.payload or {}
        parts = []
        if p.get("programme"):
            parts.append(p["programme"])
        if p.get("purpose") in Consent.Purpose.values:
            parts.append(str(Consent.Purpose(p["purpose"]).label))
        if p.get("member"):
            specialty = p.get("specialty")
            label = Specialty(specialty).label if specialty in Specialty.values else ""
            parts.append(f"{p['member']} ({label})" if label else p["member"])
        if self.type == self.Type.CASE_MANAGER_CHANGED and p.get("case_manager"):
            parts.append(f"{p.get('previous', '')} → {p['case_manager']}")
        elif self.type == self.Type.CASE_OPENED and p.get("case_manager"):
            parts.append(p["case_manager"])
        return " · ".join(parts)
