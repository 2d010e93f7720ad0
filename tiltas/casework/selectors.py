from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tiltas.access import policy
from tiltas.casework.models import Case, CaseTeamMember


def case_for_participant(participant) -> Case | None:
    """The person's case in their own organisation, with its team."""
    return (
        Case.objects.filter(participant=participant, organisation_id=participant.organisation_id)
        .select_related("case_manager")
        .prefetch_related(Prefetch("team", queryset=CaseTeamMember.objects.select_related("user")))
        .first()
    )


def case_get_for(user, pk) -> Case:
    visible = policy.participants_visible_to(user).values("pk")
    try:
        return Case.objects.select_related("participant", "case_manager").get(
            pk=pk, participant__in=visible
        )
    except (Case.DoesNotExist, ValueError):
        raise Http404 from None


def team_member_get_for(user, case: Case, pk) -> CaseTeamMember:
    try:
        return case.team.select_related("user", "case__participant").get(pk=pk)
    except (CaseTeamMember.DoesNotExist, ValueError):
        raise Http404 from None


def my_cases(user) -> QuerySet:
    """Open cases the user manages or is on the team of."""
    return (
        Case.objects.filter(Q(case_manager=user) | Q(team__user=user), status=Case.Status.OPEN)
        .filter(participant__in=policy.participants_visible_to(user).values("pk"))
        .distinct()
        .select_related("participant", "case_manager")
        .order_by("participant__last_name", "participant__first_name")
    )
