from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiltas.access import policy
from tiltas.access.models import BreakGlassGrant
from tiltas.audit.context import acting_as
from tiltas.audit.services import record_access


def break_glass_open(*, actor, participant, reason: str) -> BreakGlassGrant:
    """Open a record outside the actor's scope for a limited time, with a stated reason."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": _("State the reason in at least 10 characters; it is reviewed.")}
        )
    if not policy.can_break_glass(actor, participant):
        raise PermissionDenied
    with acting_as(actor), transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=actor,
            participant=participant,
            reason=reason,
            expires_at=timezone.now() + timedelta(hours=settings.BREAK_GLASS_HOURS),
        )
        record_access(
            actor=actor,
            instance=participant,
            participant_id=participant.pk,
            reason=reason,
            what="break_glass",
        )
    return grant


def break_glass_review(*, actor, grant: BreakGlassGrant, note: str = "") -> BreakGlassGrant:
    if grant.participant.organisation_id not in policy.admin_orgs(actor):
        raise PermissionDenied
    if grant.user_id == actor.pk:
        raise ValidationError(_("Someone else must review your own break-glass access."))
    with acting_as(actor), transaction.atomic():
        grant.reviewed_at = timezone.now()
        grant.reviewed_by = actor
        grant.review_note = (note or "").strip()
        grant.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    return grant
