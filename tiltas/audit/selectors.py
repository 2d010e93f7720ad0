"""Reads of the audit log for its review by organisation administrators."""

from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from tiltas.access import policy
from tiltas.accounts.models import Role, User
from tiltas.people.models import Participant


def audit_entry_list(
    user,
    *,
    actor_id: int | None = None,
    action: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    participant_id: int | None = None,
    break_glass_only: bool = False,
) -> QuerySet:
    """The entries the user may review, filtered, newest first, ready for a page of rows."""
    qs = policy.audit_entries_visible_to(user)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if action is not None:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(timestamp__date__gte=date_from)
    if date_to:
        qs = qs.filter(timestamp__date__lte=date_to)
    if participant_id:
        qs = qs.filter(participant_id=participant_id)
    if break_glass_only:
        qs = qs.filter(additional_data__what="break_glass")
    return (
        qs.select_related("actor", "content_type")
        # A participant who signed in (the portal) is an actor too: the page names them by
        # id only, so it needs to know which actors are participants.
        .annotate(
            actor_participant_id=Subquery(
                Participant.objects.filter(user_id=OuterRef("actor_id")).values("pk")[:1]
            )
        )
        # The values of changes are loaded but never shown: the page lists field names only.
        .defer("serialized_data", "changes_text")
        .order_by("-timestamp", "-id")
    )


def audit_actor_choices(user) -> QuerySet:
    """Staff of the organisations the user administers, for the "who" filter.

    Participants' own accounts are left out: the audit screen never shows a participant's name
    (their entries are found by participant id)."""
    orgs = policy.admin_orgs(user)
    return (
        User.objects.filter(
            memberships__organisation__in=orgs,
            memberships__role__in=[role for role in Role if role != Role.PARTICIPANT],
        )
        .exclude(participant__isnull=False)
        .distinct()
        .order_by("last_name", "first_name")
    )
