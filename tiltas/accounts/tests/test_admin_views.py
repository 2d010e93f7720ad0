"""Organisation administration screens: the access matrix, and what each screen does."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tiltas.access.services import break_glass_open
from tiltas.accounts.models import Membership, Role, User

pytestmark = pytest.mark.django_db

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
PERSONAS = ["ruta", "jonas", "aiste", "tomas", "egle", "darius", "ona", "admin", "laura"]
ONLY_ADMIN = {name: 403 for name in PERSONAS} | {"admin": 200, "anonymous": 302}


def as_persona(client, personas, persona):
    if persona == "anonymous":
        client.logout()
    else:
        client.force_login(personas.all()[persona], backend=BACKEND)
    return client


@pytest.fixture
def grant(personas):
    return break_glass_open(
        actor=personas.laura,
        participant=personas.ona_record,
        reason="Ona called in crisis; her case manager is on leave.",
    )


ROUTES = [
    ("accounts:users", None),
    ("accounts:user_create", None),
    ("accounts:user_edit", "jonas"),
    ("accounts:user_deactivate", "jonas"),
    ("accounts:break_glass_reviews", None),
    ("accounts:break_glass_review", "grant"),
]


@pytest.mark.parametrize(("route", "arg"), ROUTES)
@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_administration_screens_are_for_organisation_administrators_only(
    client, personas, grant, route, arg, persona
):
    args = []
    if arg == "grant":
        args = [grant.pk]
    elif arg:
        args = [personas.all()[arg].pk]
    response = as_persona(client, personas, persona).get(reverse(route, args=args))
    assert response.status_code == ONLY_ADMIN[persona]


@pytest.mark.parametrize("persona", ["ruta", "laura", "tomas", "ona"])
def test_non_administrators_cannot_post_to_the_administration(client, personas, persona):
    as_persona(client, personas, persona)
    response = client.post(reverse("accounts:user_deactivate", args=[personas.jonas.pk]))
    assert response.status_code == 403
    response = client.post(
        reverse("accounts:user_create"),
        {
            "first_name": "Gintarė",
            "last_name": "Mockutė",
            "email": "g@test.tiltas.lt",
            "username": "gintare",
            "role": "case_manager",
        },
    )
    assert response.status_code == 403
    personas.jonas.refresh_from_db()
    assert personas.jonas.is_active
    assert not User.objects.filter(username="gintare").exists()


def test_user_list_shows_only_the_admins_organisation_with_roles(client, personas):
    body = as_persona(client, personas, "admin").get(reverse("accounts:users")).content.decode()
    for name in ("Kazlauskienė", "Petraitis", "Paulauskienė"):
        assert name in body
    for name in ("Vasiliauskas", "Jankauskaitė", "Butkutė", "Stankevičius"):
        assert name not in body
    assert "Case manager" in body or "Atvejo" in body


def test_user_search_ignores_diacritics(client, personas):
    as_persona(client, personas, "admin")
    body = client.get(reverse("accounts:users"), {"q": "kazlauskiene"}).content.decode()
    assert "Kazlauskienė" in body
    assert "Petraitis" not in body


def test_user_search_answers_htmx_with_the_results_only(client, personas):
    as_persona(client, personas, "admin")
    response = client.get(reverse("accounts:users"), {"q": "petr"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Petraitis" in body
    assert "<html" not in body


def test_user_edit_of_someone_outside_the_organisation_is_not_found(client, personas):
    as_persona(client, personas, "admin")
    assert client.get(reverse("accounts:user_edit", args=[personas.tomas.pk])).status_code == 404
    assert (
        client.get(reverse("accounts:user_deactivate", args=[personas.aiste.pk])).status_code == 404
    )


def test_admin_creates_a_user_who_receives_a_link_to_set_a_password(
    client, personas, django_capture_on_commit_callbacks
):
    as_persona(client, personas, "admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_create"),
            {
                "first_name": "Gintarė",
                "last_name": "Mockutė",
                "email": "Gintare@test.tiltas.lt",
                "username": "gintare",
                "role": "specialist",
                "specialty": "lawyer",
            },
        )
    user = User.objects.get(username="gintare")
    assert response.status_code == 302
    assert response.url == reverse("accounts:user_edit", args=[user.pk])
    assert user.email == "gintare@test.tiltas.lt"
    assert not user.has_usable_password()
    assert user.memberships.get().specialty == "lawyer"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    assert link is not None

    # The link works for an account that never had a password.
    client.logout()
    path = link.group(0).split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        set_url,
        {
            "password1": "Nauja-slaptazodis-2026!",
            "password2": "Nauja-slaptazodis-2026!",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nauja-slaptazodis-2026!")


def test_duplicate_email_gets_a_clear_message_and_nothing_is_created(client, personas):
    as_persona(client, personas, "admin")
    count = User.objects.count()
    response = client.post(
        reverse("accounts:user_create"),
        {
            "first_name": "Kita",
            "last_name": "Rūta",
            "email": "ruta@test.tiltas.lt",
            "username": "kita",
            "role": "case_manager",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode() or "jau" in response.content.decode()
    assert User.objects.count() == count
    assert len(mail.outbox) == 0


def test_specialist_without_specialty_is_refused_by_the_form(client, personas):
    as_persona(client, personas, "admin")
    response = client.post(
        reverse("accounts:user_create"),
        {
            "first_name": "Gintarė",
            "last_name": "Mockutė",
            "email": "g@test.tiltas.lt",
            "username": "gintare",
            "role": "specialist",
        },
    )
    assert response.status_code == 200
    assert 'id="id_specialty_error"' in response.content.decode()
    assert not User.objects.filter(username="gintare").exists()


def test_admin_adds_a_role_on_the_edit_screen(client, personas):
    as_persona(client, personas, "admin")
    url = reverse("accounts:user_edit", args=[personas.jonas.pk])
    response = client.post(url, {"action": "add", "role": "coordinator"})
    assert response.status_code == 302
    assert personas.jonas.memberships.filter(role=Role.COORDINATOR, is_active=True).exists()


def test_admin_ends_a_role_on_the_edit_screen(client, personas):
    as_persona(client, personas, "admin")
    membership = personas.jonas.memberships.get()
    url = reverse("accounts:user_edit", args=[personas.jonas.pk])
    response = client.post(url, {"action": "deactivate", "membership": membership.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active


def test_admin_is_told_they_cannot_remove_their_own_admin_role(client, personas):
    as_persona(client, personas, "admin")
    own = personas.admin.memberships.get(role=Role.ORG_ADMIN)
    url = reverse("accounts:user_edit", args=[personas.admin.pk])
    response = client.post(url, {"action": "deactivate", "membership": own.pk}, follow=True)
    assert "own administrator role" in response.content.decode() or (
        "administratoriaus" in response.content.decode()
    )
    own.refresh_from_db()
    assert own.is_active


def test_ending_a_role_of_another_organisation_is_not_found(client, personas):
    Membership.objects.create(
        user=personas.jonas, organisation=personas.municipality, role=Role.CASE_MANAGER
    )
    foreign = personas.jonas.memberships.get(organisation=personas.municipality)
    as_persona(client, personas, "admin")
    url = reverse("accounts:user_edit", args=[personas.jonas.pk])
    response = client.post(url, {"action": "deactivate", "membership": foreign.pk})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active


def test_admin_deactivates_an_account_who_then_cannot_work(client, personas):
    as_persona(client, personas, "admin")
    response = client.post(reverse("accounts:user_deactivate", args=[personas.jonas.pk]))
    assert response.status_code == 302
    personas.jonas.refresh_from_db()
    assert not personas.jonas.is_active
    client.force_login(personas.jonas, backend=BACKEND)
    assert client.get(reverse("people:list")).status_code == 302


def test_admin_cannot_deactivate_themself_through_the_screen(client, personas):
    as_persona(client, personas, "admin")
    response = client.post(
        reverse("accounts:user_deactivate", args=[personas.admin.pk]), follow=True
    )
    assert response.status_code == 200
    personas.admin.refresh_from_db()
    assert personas.admin.is_active


def test_break_glass_review_list_shows_initials_not_names(client, personas, grant):
    as_persona(client, personas, "admin")
    body = client.get(reverse("accounts:break_glass_reviews")).content.decode()
    assert f"#{personas.ona_record.pk}" in body
    assert "O. Ž." in body
    assert "Žukauskienė" not in body
    assert "her case manager is on leave" in body


def test_unreviewed_grants_come_first(client, personas, grant):
    older = break_glass_open(
        actor=personas.laura,
        participant=personas.ona_record,
        reason="Second access, reviewed already for this test.",
    )
    older.reviewed_at = grant.created_at
    older.reviewed_by = personas.admin
    older.save()
    as_persona(client, personas, "admin")
    page = client.get(reverse("accounts:break_glass_reviews")).context["page"]
    assert [g.pk for g in page.object_list] == [grant.pk, older.pk]


def test_admin_reviews_a_break_glass_access(client, personas, grant):
    as_persona(client, personas, "admin")
    url = reverse("accounts:break_glass_review", args=[grant.pk])
    response = client.post(url, {"note": "Checked with Laura: the call was real."})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == personas.admin
    assert grant.review_note == "Checked with Laura: the call was real."
    # A review is final.
    client.post(url, {"note": "Second opinion"})
    grant.refresh_from_db()
    assert grant.review_note == "Checked with Laura: the call was real."


def test_reviewing_ones_own_break_glass_is_refused_with_a_message(client, personas):
    own = break_glass_open(
        actor=personas.admin,
        participant=personas.ona_record,
        reason="Checking a complaint about Ona's case handling.",
    )
    as_persona(client, personas, "admin")
    url = reverse("accounts:break_glass_review", args=[own.pk])
    response = client.post(url, {"note": "All fine."}, follow=True)
    body = response.content.decode()
    assert "Someone else must review" in body or "kitas" in body.lower()
    own.refresh_from_db()
    assert own.reviewed_at is None


def test_break_glass_of_another_organisation_is_not_found_for_review(client, personas, grant):
    other_admin = User.objects.create_user(username="mun-admin", email="ma@test.tiltas.lt")
    Membership.objects.create(
        user=other_admin, organisation=personas.municipality, role=Role.ORG_ADMIN
    )
    client.force_login(other_admin, backend=BACKEND)
    assert client.get(reverse("accounts:break_glass_review", args=[grant.pk])).status_code == 404
    assert grant.pk not in [
        g.pk for g in client.get(reverse("accounts:break_glass_reviews")).context["page"]
    ]


def test_user_list_query_count_does_not_grow_with_users(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    as_persona(client, personas, "admin")
    client.get(reverse("accounts:users"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:users"))
    for i in range(8):
        user = User.objects.create_user(
            username=f"extra{i}",
            email=f"extra{i}@test.tiltas.lt",
            first_name="Extra",
            last_name=f"Worker{i}",
        )
        Membership.objects.create(user=user, organisation=personas.ngo, role=Role.CASE_MANAGER)
        Membership.objects.create(user=user, organisation=personas.ngo, role=Role.COORDINATOR)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("accounts:users"))
    assert len(many) == len(few)


def test_break_glass_list_query_count_does_not_grow_with_grants(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    break_glass_open(
        actor=personas.laura,
        participant=personas.ona_record,
        reason="First access for the query count test.",
    )
    as_persona(client, personas, "admin")
    client.get(reverse("accounts:break_glass_reviews"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:break_glass_reviews"))
    for i in range(5):
        break_glass_open(
            actor=personas.laura,
            participant=personas.ona_record,
            reason=f"Another access number {i} for the test.",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("accounts:break_glass_reviews"))
    assert len(many) == len(few)
