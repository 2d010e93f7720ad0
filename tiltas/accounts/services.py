"""Writes of the organisation administration: user accounts and their roles.

An administrator manages the accounts of the organisations they administer and nothing else;
these writes never touch a participant's record.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tiltas.access import policy
from tiltas.accounts.models import (
    PERSONAL_DATA_ROLES,
    Membership,
    Organisation,
    Role,
    Specialty,
    User,
)
from tiltas.audit.context import acting_as

logger = logging.getLogger(__name__)

#: Roles an administrator hands out. A participant's account belongs to their own record and is
#: opened from it, never created bare here.
ASSIGNABLE_ROLES = tuple(r for r in Role if r != Role.PARTICIPANT)


def _check_admin_of(actor, organisation_id: int) -> None:
    if organisation_id not in policy.admin_orgs(actor):
        raise PermissionDenied


def _in_admin_scope(actor, user: User) -> bool:
    """The user holds (or held) a role in one of the organisations the actor administers."""
    return user.memberships.filter(organisation__in=policy.admin_orgs(actor)).exists()


def _validate_role(role: str, specialty: str) -> None:
    if role not in ASSIGNABLE_ROLES:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if role == Role.SPECIALIST:
        if not specialty:
            raise ValidationError({"specialty": _("Choose the specialist's field.")})
        if specialty not in Specialty.values:
            raise ValidationError({"specialty": _("Choose a specialty from the list.")})
    elif specialty:
        raise ValidationError({"specialty": _("Only specialists have a specialty.")})


def _duplicate_errors(*, username: str, email: str) -> dict:
    errors = {}
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = _("A user with this e-mail address already exists.")
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("This username is taken; choose another.")
    return errors


def user_create(
    *,
    actor,
    organisation: Organisation,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    specialty: str = "",
    request=None,
) -> User:
    """Create a staff account in ``organisation`` with one role and no usable password.

    The person sets their own password from the link e-mailed after the commit (allauth's
    password-reset flow), so no administrator ever knows it. Without a ``request`` (a command)
    no link can be built and no e-mail is sent; the person uses "forgot password" instead.
    """
    _check_admin_of(actor, organisation.pk)
    username = (username or "").strip()
    email = (email or "").strip().lower()
    specialty = specialty or ""
    _validate_role(role, specialty)
    user = User(
        username=username,
        email=email,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        is_active=True,
    )
    user.set_unusable_password()
    errors: dict = {
        field: [_("This field is required.")]
        for field in ("first_name", "last_name")
        if not getattr(user, field)
    }
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    for field, message in _duplicate_errors(username=username, email=email).items():
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)
    with acting_as(actor), transaction.atomic():
        try:
            user.save()
        except IntegrityError:
            # Another administrator created the same account a moment ago.
            raise ValidationError(
                {"email": _("A user with this e-mail address or username already exists.")}
            ) from None
        Membership.objects.create(
            user=user, organisation=organisation, role=role, specialty=specialty
        )
        if request is not None:
            transaction.on_commit(lambda: send_password_set_email(request, user))
    return user


def send_password_set_email(request, user: User) -> None:
    """E-mail the link to choose a password, through allauth's password-reset machinery."""
    from allauth.account.forms import ResetPasswordForm
    from allauth.core.context import request_context

    form = ResetPasswordForm(data={"email": user.email})
    # allauth builds the absolute link from the request it finds in its context.
    with request_context(request):
        if form.is_valid():
            form.save(request)
            return
    # The address was validated when the account was created; this is a safeguard.
    logger.warning("Password-set e-mail not sent for user %s: %s", user.pk, form.errors)


def membership_add(
    *, actor, user: User, organisation: Organisation, role: str, specialty: str = ""
) -> Membership:
    """Give ``user`` a role in an organisation the actor administers (or reactivate it)."""
    _check_admin_of(actor, organisation.pk)
    if not _in_admin_scope(actor, user):
        raise PermissionDenied
    specialty = specialty or ""
    _validate_role(role, specialty)
    if user.pk == actor.pk and role in PERSONAL_DATA_ROLES:
        # An administrator sees no personal data; a role that does must come from another
        # administrator, so no one opens people's records to themselves.
        raise ValidationError(
            {
                "role": _(
                    "You cannot give yourself a role that reaches personal data; ask another "
                    "administrator."
                )
            }
        )
    existing = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if existing is not None and existing.is_active:
        raise ValidationError({"role": _("This person already has this role here.")})
    with acting_as(actor), transaction.atomic():
        if existing is not None:
            existing.is_active = True
            existing.specialty = specialty
            existing.save(update_fields=["is_active", "specialty"])
            membership = existing
        else:
            try:
                with transaction.atomic():
                    membership = Membership.objects.create(
                        user=user, organisation=organisation, role=role, specialty=specialty
                    )
            except IntegrityError:
                raise ValidationError(
                    {"role": _("This person already has this role here.")}
                ) from None
    policy.forget_grants(user)
    return membership


def membership_deactivate(*, actor, membership: Membership) -> Membership:
    """End one role. An administrator cannot end their own administrator role, so an
    organisation is never left without one by accident."""
    _check_admin_of(actor, membership.organisation_id)
    if membership.user_id == actor.pk and membership.role == Role.ORG_ADMIN:
        raise ValidationError(
            _("You cannot remove your own administrator role; ask another administrator.")
        )
    if not membership.is_active:
        raise ValidationError(_("This role has already been ended."))
    with acting_as(actor), transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    policy.forget_grants(membership.user)
    return membership


def user_deactivate(*, actor, user: User) -> User:
    """Close an account: the person can no longer sign in. Their history stays."""
    if not _in_admin_scope(actor, user):
        raise PermissionDenied
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not user.is_active:
        raise ValidationError(_("This account is already deactivated."))
    foreign = user.memberships.filter(is_active=True).exclude(
        organisation__in=policy.admin_orgs(actor)
    )
    if foreign.exists():
        # The account is shared with an organisation this administrator does not run.
        raise ValidationError(
            _(
                "This person also works for another organisation. End their roles in yours "
                "instead of deactivating the account."
            )
        )
    with acting_as(actor), transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
    policy.forget_grants(user)
    return user
