"""Organisation administration services: accounts and roles, within the admin's organisations."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import translation

from tiltas.accounts import services
from tiltas.accounts.models import Membership, Role, Specialty, User
from tiltas.audit.models import AuditEntry


@pytest.fixture(autouse=True)
def _messages_in_english():
    # These tests read the services' messages in English; the Lithuanian ones are checked in
    # the view tests.
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def _create(personas, **overrides):
    fields = {
        "actor": personas.admin,
        "organisation": personas.ngo,
        "username": "gintare",
        "email": "gintare@test.tiltas.lt",
        "first_name": "Gintarė",
        "last_name": "Mockutė",
        "role": Role.CASE_MANAGER,
    }
    fields.update(overrides)
    return services.user_create(**fields)


def test_admin_creates_an_account_without_a_usable_password(personas):
    user = _create(personas)
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert user.is_active
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role, membership.is_active) == (
        personas.ngo,
        Role.CASE_MANAGER,
        True,
    )
    created = AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_pk=str(user.pk), actor=personas.admin
    )
    assert created.exists()


def test_new_account_gets_a_password_set_link_after_commit(
    personas, django_capture_on_commit_callbacks
):
    request = RequestFactory().get("/administration/users/new/")
    request.user = personas.admin
    with django_capture_on_commit_callbacks(execute=True):
        user = _create(personas, request=request)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gintare@test.tiltas.lt"]
    assert "/accounts/password/reset/key/" in message.body
    assert user.username in message.body


def test_duplicate_email_is_refused_whatever_its_case_and_nothing_is_written(personas):
    users, memberships = User.objects.count(), Membership.objects.count()
    with pytest.raises(ValidationError) as error:
        _create(personas, email="RUTA@test.tiltas.lt")
    assert "email" in error.value.message_dict
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)


def test_duplicate_username_is_refused_and_nothing_is_written(personas):
    users = User.objects.count()
    with pytest.raises(ValidationError) as error:
        _create(personas, username="Jonas")
    assert "username" in error.value.message_dict
    assert User.objects.count() == users


def test_specialist_needs_a_specialty_and_others_may_not_have_one(personas):
    with pytest.raises(ValidationError) as error:
        _create(personas, role=Role.SPECIALIST)
    assert "specialty" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(personas, role=Role.COORDINATOR, specialty=Specialty.LAWYER)
    assert "specialty" in error.value.message_dict
    user = _create(personas, role=Role.SPECIALIST, specialty=Specialty.LAWYER)
    assert user.memberships.get().specialty == Specialty.LAWYER


def test_participant_accounts_are_not_created_bare(personas):
    with pytest.raises(ValidationError) as error:
        _create(personas, role=Role.PARTICIPANT)
    assert "role" in error.value.message_dict
    assert not User.objects.filter(username="gintare").exists()


def test_admin_cannot_create_accounts_in_another_organisation(personas):
    with pytest.raises(PermissionDenied):
        _create(personas, organisation=personas.municipality)
    assert not User.objects.filter(username="gintare").exists()


@pytest.mark.parametrize("persona", ["ruta", "laura", "tomas", "egle", "ona"])
def test_only_administrators_create_accounts(personas, persona):
    with pytest.raises(PermissionDenied):
        _create(personas, actor=personas.all()[persona])
    assert not User.objects.filter(username="gintare").exists()


def test_admin_adds_a_role_and_the_same_active_role_twice_is_refused(personas):
    membership = services.membership_add(
        actor=personas.admin,
        user=personas.jonas,
        organisation=personas.ngo,
        role=Role.COORDINATOR,
    )
    assert membership.is_active
    with pytest.raises(ValidationError) as error:
        services.membership_add(
            actor=personas.admin,
            user=personas.jonas,
            organisation=personas.ngo,
            role=Role.COORDINATOR,
        )
    assert "role" in error.value.message_dict
    assert personas.jonas.memberships.filter(role=Role.COORDINATOR).count() == 1


def test_adding_an_ended_role_again_reactivates_it(personas):
    membership = personas.jonas.memberships.get(role=Role.CASE_MANAGER)
    services.membership_deactivate(actor=personas.admin, membership=membership)
    again = services.membership_add(
        actor=personas.admin, user=personas.jonas, organisation=personas.ngo, role=Role.CASE_MANAGER
    )
    assert again.pk == membership.pk
    membership.refresh_from_db()
    assert membership.is_active


def test_admin_cannot_give_roles_to_people_outside_their_organisations(personas):
    with pytest.raises(PermissionDenied):
        services.membership_add(
            actor=personas.admin,
            user=personas.tomas,
            organisation=personas.ngo,
            role=Role.COORDINATOR,
        )
    assert not personas.tomas.memberships.filter(organisation=personas.ngo).exists()


def test_ending_a_role_takes_the_access_away(personas):
    membership = personas.jonas.memberships.get(role=Role.CASE_MANAGER)
    services.membership_deactivate(actor=personas.admin, membership=membership)
    membership.refresh_from_db()
    assert not membership.is_active
    from tiltas.access import policy

    jonas = User.objects.get(pk=personas.jonas.pk)
    assert not policy.is_staff_user(jonas)


def test_admin_cannot_remove_their_own_administrator_role(personas):
    own = personas.admin.memberships.get(role=Role.ORG_ADMIN)
    with pytest.raises(ValidationError) as error:
        services.membership_deactivate(actor=personas.admin, membership=own)
    assert "own administrator role" in " ".join(error.value.messages)
    own.refresh_from_db()
    assert own.is_active


def test_admin_cannot_end_roles_in_another_organisation(personas):
    membership = personas.tomas.memberships.get()
    with pytest.raises(PermissionDenied):
        services.membership_deactivate(actor=personas.admin, membership=membership)
    membership.refresh_from_db()
    assert membership.is_active


def test_admin_deactivates_an_account_of_their_organisation(personas):
    services.user_deactivate(actor=personas.admin, user=personas.jonas)
    personas.jonas.refresh_from_db()
    assert not personas.jonas.is_active
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE,
        object_pk=str(personas.jonas.pk),
        actor=personas.admin,
        changes__has_key="is_active",
    ).exists()


def test_admin_cannot_deactivate_themself(personas):
    with pytest.raises(ValidationError):
        services.user_deactivate(actor=personas.admin, user=personas.admin)
    personas.admin.refresh_from_db()
    assert personas.admin.is_active


def test_admin_cannot_deactivate_accounts_of_other_organisations(personas):
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=personas.admin, user=personas.aiste)
    personas.aiste.refresh_from_db()
    assert personas.aiste.is_active


def test_account_shared_with_another_organisation_is_not_deactivated(personas):
    Membership.objects.create(
        user=personas.jonas, organisation=personas.municipality, role=Role.CASE_MANAGER
    )
    with pytest.raises(ValidationError) as error:
        services.user_deactivate(actor=personas.admin, user=personas.jonas)
    assert "another organisation" in " ".join(error.value.messages)
    personas.jonas.refresh_from_db()
    assert personas.jonas.is_active
