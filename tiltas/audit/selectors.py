"""Reads of the audit log for its review by organisation administrators."""

from datetime import date

from django.db.models import QuerySet

from tiltas.access import policy
from tiltas.accounts.models import User


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
        # The values of changes are loaded but never shown: the page lists field names only.
        .defer("serialized_data", "changes_text")
        .order_by("-timestamp", "-id")
    )


def audit_actor_choices(user) -> QuerySet:
    """Staff of the organisations the user administers, for the "who" filter."""
    orgs = policy.admin_orgs(user)
    return (
        User.objects.filter(memberships__organisation__in=orgs)
        .distinct()
        .order_by("last_name", "first_name")
    )
