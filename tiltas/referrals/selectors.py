from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.functional import Promise

from tiltas.access import policy
from tiltas.access.selectors import get_visible_or_404
from tiltas.audit.models import AuditEntry
from tiltas.common.text import fold
from tiltas.referrals.models import Referral

#: The queue's filter choices: "pending" is received and waiting list together.
STATUS_FILTERS = ("pending", *Referral.Status.values, "all")


def referral_list(user, *, status: str = "pending", query: str = "") -> QuerySet:
    qs = policy.referrals_visible_to(user).select_related(
        "source", "programme", "organisation", "participant"
    )
    if status == "pending":
        qs = qs.filter(status__in=Referral.PENDING)
    elif status in Referral.Status.values:
        qs = qs.filter(status=status)
    for word in fold(query).split():
        qs = qs.filter(search_name__contains=word)
    if status == "pending":
        # The queue: whoever has waited longest comes first.
        return qs.order_by("received_on", "id")
    return qs.order_by("-received_on", "-id")


def referral_get_for(user, pk) -> Referral:
    return get_visible_or_404(
        policy.referrals_visible_to(user).select_related(
            "source", "programme", "organisation", "participant", "decided_by"
        ),
        pk,
        user=user,
        participant_of=lambda r: r.participant_id,
        what="referral",
    )


@dataclass(frozen=True)
class DecisionStep:
    at: datetime
    actor: str
    status: str
    status_label: str | Promise  # a lazy label for a known status
    reason: str


def referral_history(referral: Referral) -> list[DecisionStep]:
    """Every status the referral has had, from the audit log (the row keeps only the latest
    decision; a waiting-list note must stay readable after the referral is accepted)."""
    entries = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Referral),
            object_pk=str(referral.pk),
            action__in=[AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE],
        )
        .select_related("actor")
        .order_by("timestamp", "id")
    )
    steps = []
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        status_change = changes.get("status")
        if not status_change:
            continue
        new_status = status_change[-1]
        reason_change = changes.get("decision_reason")
        reason = (reason_change[-1] if reason_change else "") or ""
        if reason == "None":
            reason = ""
        label = (
            Referral.Status(new_status).label
            if new_status in Referral.Status.values
            else new_status
        )
        steps.append(
            DecisionStep(
                at=entry.timestamp,
                actor=entry.actor.get_full_name() if entry.actor else "",
                status=new_status,
                status_label=label,
                reason=reason,
            )
        )
    return steps
