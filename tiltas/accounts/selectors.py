"""Reads of the organisation administration: users, their roles, and break-glass grants.

Administrators see accounts and roles of the organisations they administer; of participants
they see only an id and initials (their role gives no personal data, DESIGN §1).
"""

from django.db.models import (
    BooleanField,
    Case,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Concat, Substr
from django.http import Http404

from tiltas.access import policy
from tiltas.access.models import BreakGlassGrant
from tiltas.accounts.models import Membership, Organisation, User
from tiltas.common.text import fold


def admin_organisations(user) -> QuerySet:
    return Organisation.objects.filter(pk__in=policy.admin_orgs(user)).order_by("name")


def user_list(admin, *, query: str = "", organisation_id: int | None = None) -> QuerySet:
    """Users with a role (current or past) in the admin's organisations, with those roles.

    Search is diacritics-insensitive ("zukauskiene" finds "Žukauskienė"): an organisation's
    staff is small, so names are folded in Python over one narrow query.
    """
    orgs = policy.admin_orgs(admin)
    if organisation_id:
        orgs = orgs & {organisation_id}
    qs = User.objects.filter(memberships__organisation__in=orgs).distinct()
    words = fold(query or "").split()
    if words:
        matching = [
            pk
            for pk, first, last, email, username in qs.values_list(
                "pk", "first_name", "last_name", "email", "username"
            )
            if all(w in fold(f"{first} {last} {email} {username}") for w in words)
        ]
        qs = User.objects.filter(pk__in=matching)
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(organisation__in=policy.admin_orgs(admin))
            .select_related("organisation")
            .order_by("-is_active", "organisation__name", "role"),
            to_attr="admin_memberships",
        )
    ).order_by("last_name", "first_name", "pk")


def user_get_for_admin(admin, pk) -> User:
    """A user the admin manages, with their roles in the admin's organisations; else 404."""
    try:
        return user_list(admin).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def membership_get_for_admin(admin, user: User, pk) -> Membership:
    try:
        return Membership.objects.select_related("organisation", "user").get(
            pk=pk, user=user, organisation__in=policy.admin_orgs(admin)
        )
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- break-glass review -------------------------------------------------------------------------


def _review_scope(admin) -> QuerySet:
    return (
        BreakGlassGrant.objects.filter(participant__organisation__in=policy.admin_orgs(admin))
        .select_related("user", "reviewed_by")
        # Only the initials and the id of the person: the reviewer judges the reason, not the
        # record, and reads no personal data doing it.
        .annotate(
            participant_initials=Concat(
                Substr("participant__first_name", 1, 1),
                Value(". "),
                Substr("participant__last_name", 1, 1),
                Value("."),
            ),
            pending=Case(
                When(reviewed_at__isnull=True, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def break_glass_for_review(admin) -> QuerySet:
    """Grants on people of the admin's organisations: unreviewed first, newest first."""
    return _review_scope(admin).order_by("-pending", "-created_at", "-pk")


def break_glass_get_for_review(admin, pk) -> BreakGlassGrant:
    try:
        return _review_scope(admin).get(pk=pk)
    except (BreakGlassGrant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
