"""Access-checked getters: 404 for what the user may not see (so existence does not leak),
and a read recorded in the audit log for what they may."""

from django.http import Http404

from tiltas.access import policy
from tiltas.audit.services import record_access


def get_visible_or_404(queryset, pk, *, user, participant_of=None, what: str = ""):
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    participant_id = participant_of(obj) if participant_of else None
    record_access(actor=user, instance=obj, participant_id=participant_id, what=what)
    return obj


def participant_get_for(user, pk):
    return get_visible_or_404(
        policy.participants_visible_to(user).select_related(
            "municipality", "eldership", "isced_level", "labour_market_status", "organisation",
        ),
        pk,
        user=user,
        participant_of=lambda p: p.pk,
    )
