"""Reads of programmes: lists, and one programme with its enrolments against targets."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tiltas.access import policy
from tiltas.programmes.models import Enrolment, Programme, Target


def programme_list(user) -> QuerySet:
    return (
        policy.programmes_visible_to(user)
        .select_related("lead_organisation")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            active=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.ACTIVE), distinct=True
            ),
        )
        .order_by("-start_date", "code")
    )


def programme_get_for(user, pk) -> Programme:
    try:
        return (
            policy.programmes_visible_to(user)
            .select_related("lead_organisation")
            .prefetch_related("partners", "coordinators", "target_groups", "budget_lines",
                              "cohorts", "targets")
            .get(pk=pk)
        )
    except (Programme.DoesNotExist, ValueError):
        raise Http404 from None


@dataclass
class TargetProgress:
    target: Target
    achieved: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.achieved / self.target.value)) if self.target.value else 0


def target_progress(programme: Programme) -> list[TargetProgress]:
    counts = programme.enrolments.aggregate(
        enrolled=Count("participant", distinct=True),
        active=Count("participant", filter=Q(status=Enrolment.Status.ACTIVE), distinct=True),
    )
    by_metric = {
        Target.Metric.PARTICIPANTS: counts["enrolled"],
        Target.Metric.ACTIVE_PARTICIPANTS: counts["active"],
    }
    return [TargetProgress(t, by_metric.get(t.metric, 0)) for t in programme.targets.all()]


def enrolments_visible(user, programme: Programme) -> QuerySet:
    """The programme's enrolments of the people the user may see."""
    visible = policy.participants_visible_to(user).values("pk")
    return (
        programme.enrolments.filter(participant__in=visible)
        .select_related("participant", "cohort", "exit_reason")
        .order_by("participant__last_name", "participant__first_name")
    )


def enrolment_get_for(user, pk) -> Enrolment:
    visible = policy.participants_visible_to(user).values("pk")
    try:
        return Enrolment.objects.select_related("participant", "programme").get(
            pk=pk, participant__in=visible
        )
    except (Enrolment.DoesNotExist, ValueError):
        raise Http404 from None
