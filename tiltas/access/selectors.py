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
            "municipality",
            "eldership",
            "isced_level",
            "labour_market_status",
            "organisation",
        ),
        pk,
        user=user,
        participant_of=lambda p: p.pk,
    )


def break_glass_candidate_get(user, pk):
    """A person the user may break the glass for: of their own organisation (404 otherwise)."""
    from tiltas.people.models import Participant

    try:
        return policy.break_glass_candidates(user).get(pk=pk)
    except (Participant.DoesNotExist, ValueError):
        raise Http404 from None


def break_glass_find(
    user, *, personal_code: str = "", last_name: str = "", birth_date=None
) -> list:
    """Exact look-up only (a personal code, or a surname with a birth date), so emergency
    access cannot be used to browse the organisation's people."""
    from tiltas.common.text import fold

    qs = policy.break_glass_candidates(user)
    if personal_code:
        qs = qs.filter(personal_code=personal_code)
    elif last_name and birth_date:
        qs = qs.filter(birth_date=birth_date, search_name__endswith=" " + fold(last_name))
    else:
        return []
    return list(qs.only("pk", "first_name", "last_name", "birth_date")[:10])
