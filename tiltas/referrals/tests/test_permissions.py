"""The access matrix of the referral screens: every persona, every route (DESIGN §5.1, §10)."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation

from tiltas.audit.models import AuditEntry
from tiltas.people.models import Participant
from tiltas.referrals.models import Referral
from tiltas.referrals.tests.test_services import (  # noqa: F401 (frozen_today is a fixture)
    PETRAS_CODE,
    counts,
    frozen_today,
    make_referral,
)
from tiltas.referrals.tests.test_views import accept_post, create_post

PERSONAS = ["ruta", "jonas", "aiste", "tomas", "egle", "darius", "ona", "admin", "laura", None]

#: Pending referral to the NGO: its case managers and coordinator decide; Tomas (another
#: organisation) must not learn it exists; roles that never receive referrals are refused.
PENDING_DETAIL = {
    "ruta": 200,
    "jonas": 200,
    "laura": 200,
    "tomas": 404,
    "aiste": 403,
    "admin": 403,
    "egle": 403,
    "darius": 403,
    "ona": 403,
    None: 302,
}
#: The queue and the "record a referral" form: whoever receives referrals for an organisation.
QUEUE = {
    "ruta": 200,
    "jonas": 200,
    "laura": 200,
    "tomas": 200,
    "aiste": 403,
    "admin": 403,
    "egle": 403,
    "darius": 403,
    "ona": 403,
    None: 302,
}
#: Accepted referral whose person Rūta registered (no case yet): as visible as that person.
ACCEPTED_DETAIL = {
    "ruta": 200,
    "laura": 200,
    "jonas": 404,
    "tomas": 404,
    "aiste": 403,
    "admin": 403,
    "egle": 403,
    "darius": 403,
    "ona": 403,
    None: 302,
}


def client_for(personas, login, client, name):
    if name is None:
        return client
    return login(getattr(personas, name))


def assert_refused_login(response):
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def access_entries(referral, user):
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS,
        object_pk=str(referral.pk),
        actor=user,
        content_type__model="referral",
    )


@pytest.mark.parametrize("name", PERSONAS)
def test_the_queue_is_open_to_those_who_receive_referrals(personas, login, client, name):
    referral = make_referral(personas)

    response = client_for(personas, login, client, name).get(reverse("referrals:list"))

    expected = QUEUE[name]
    if expected == 302:
        assert_refused_login(response)
        return
    assert response.status_code == expected
    if expected == 200:
        shown = referral in list(response.context["page"].object_list)
        assert shown == (name != "tomas")
        assert ("Jonaitis" in response.text) == (name != "tomas")


@pytest.mark.parametrize("name", PERSONAS)
def test_the_referral_form_is_open_to_those_who_receive_referrals(personas, login, client, name):
    response = client_for(personas, login, client, name).get(reverse("referrals:create"))

    if QUEUE[name] == 302:
        assert_refused_login(response)
    else:
        assert response.status_code == QUEUE[name]


@pytest.mark.parametrize("name", PERSONAS)
def test_recording_a_referral_to_the_ngo(personas, login, client, name):
    response = client_for(personas, login, client, name).post(
        reverse("referrals:create"), {**create_post(personas), "organisation": personas.ngo.pk}
    )

    if name in ("ruta", "jonas", "laura"):
        assert response.status_code == 302
        assert Referral.objects.get().organisation == personas.ngo
        return
    assert not Referral.objects.exists()
    if name == "tomas":
        # The NGO's programme is not his to choose, so the form is shown again with why.
        assert response.status_code == 200
        with translation.override("lt"):
            message = translation.gettext("Choose a programme of your organisation.")
        assert message in response.content.decode()
    elif name is None:
        assert_refused_login(response)
    else:
        assert response.status_code == 403


def test_tomas_records_referrals_only_to_his_own_organisation(personas, login):
    response = login(personas.tomas).post(
        reverse("referrals:create"),
        {**create_post(personas, programme=""), "organisation": personas.ngo.pk},
    )

    assert response.status_code == 302

    # His only organisation is the one that receives it, whatever the form says.
    assert list(Referral.objects.values_list("organisation", flat=True)) == [
        personas.municipality.pk
    ]


@pytest.mark.parametrize("name", PERSONAS)
def test_the_detail_of_a_pending_referral(personas, login, client, name):
    referral = make_referral(personas)
    user = getattr(personas, name) if name else None

    response = client_for(personas, login, client, name).get(
        reverse("referrals:detail", args=[referral.pk])
    )

    expected = PENDING_DETAIL[name]
    if expected == 302:
        assert_refused_login(response)
        assert not AuditEntry.objects.filter(
            action=AuditEntry.Action.ACCESS,
            object_pk=str(referral.pk),
            content_type__model="referral",
        ).exists()
        return
    assert response.status_code == expected
    # Every read is recorded; a refusal reads nothing.
    assert access_entries(referral, user).exists() == (expected == 200)
    if expected == 200:
        assert "Petras Jonaitis" in response.text
    else:
        assert "Jonaitis" not in response.content.decode()


@pytest.mark.parametrize("name", PERSONAS)
def test_the_detail_of_an_accepted_referral_is_as_visible_as_the_person(
    personas, login, client, name
):
    referral = make_referral(personas)
    login(personas.ruta).post(
        reverse("referrals:accept", args=[referral.pk]), accept_post(personas)
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    client.logout()
    user = getattr(personas, name) if name else None

    response = client_for(personas, login, client, name).get(
        reverse("referrals:detail", args=[referral.pk])
    )

    expected = ACCEPTED_DETAIL[name]
    if expected == 302:
        assert_refused_login(response)
        return
    assert response.status_code == expected
    entries = access_entries(referral, user)
    assert entries.exists() == (expected == 200)
    if expected == 200:
        # The read names the person the referral became, so the person's access log lists it.
        assert entries.latest("id").participant_id == referral.participant_id


@pytest.mark.parametrize("name", PERSONAS)
def test_the_accept_page(personas, login, client, name):
    referral = make_referral(personas)

    response = client_for(personas, login, client, name).get(
        reverse("referrals:accept", args=[referral.pk])
    )

    if PENDING_DETAIL[name] == 302:
        assert_refused_login(response)
    else:
        assert response.status_code == PENDING_DETAIL[name]
        assert ('value="Petras"' in response.text) == (PENDING_DETAIL[name] == 200)


@pytest.mark.parametrize("name", PERSONAS)
def test_accepting(personas, login, client, name):
    referral = make_referral(personas)
    before = counts()

    response = client_for(personas, login, client, name).post(
        reverse("referrals:accept", args=[referral.pk]), accept_post(personas)
    )

    stored = Referral.objects.get(pk=referral.pk)
    expected = PENDING_DETAIL[name]
    if expected == 200:
        person = Participant.objects.get(personal_code=PETRAS_CODE)
        assert response.status_code == 302
        assert response.url == reverse("people:detail", args=[person.pk])
        assert stored.status == Referral.Status.ACCEPTED
        assert stored.decided_by == getattr(personas, name)
        return
    if expected == 302:
        assert_refused_login(response)
    else:
        assert response.status_code == expected
    assert stored.status == Referral.Status.RECEIVED
    assert counts() == before


DECISION_ROUTES = {"decline": "referrals:decline", "waitlist": "referrals:waitlist"}


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("action", list(DECISION_ROUTES))
def test_declining_and_waitlisting(personas, login, client, name, action):
    referral = make_referral(personas)

    response = client_for(personas, login, client, name).post(
        reverse(DECISION_ROUTES[action], args=[referral.pk]), {"reason": "Vietų nėra."}
    )

    stored = Referral.objects.get(pk=referral.pk)
    expected = PENDING_DETAIL[name]
    if expected == 200:
        assert response.status_code == 302
        assert response.url == reverse("referrals:detail", args=[referral.pk])
        assert stored.status == (
            Referral.Status.DECLINED if action == "decline" else Referral.Status.WAITLISTED
        )
        assert stored.decided_by == getattr(personas, name)
        return
    if expected == 302:
        assert_refused_login(response)
    else:
        assert response.status_code == expected
    assert (stored.status, stored.decision_reason, stored.decided_by) == (
        Referral.Status.RECEIVED,
        "",
        None,
    )


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("action", list(DECISION_ROUTES))
def test_the_decision_pages(personas, login, client, name, action):
    referral = make_referral(personas)

    response = client_for(personas, login, client, name).get(
        reverse(DECISION_ROUTES[action], args=[referral.pk])
    )

    if PENDING_DETAIL[name] == 302:
        assert_refused_login(response)
    else:
        assert response.status_code == PENDING_DETAIL[name]


@pytest.mark.parametrize("route", ["detail", "accept", "decline", "waitlist"])
def test_jonas_gets_404_on_an_accepted_referral_whose_person_he_may_not_see(personas, login, route):
    referral = make_referral(personas)
    login(personas.ruta).post(
        reverse("referrals:accept", args=[referral.pk]), accept_post(personas)
    )
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.ACCEPTED

    response = login(personas.jonas).get(reverse(f"referrals:{route}", args=[referral.pk]))

    assert response.status_code == 404
    assert not access_entries(referral, personas.jonas).exists()


def test_a_referral_that_does_not_exist_is_a_404(personas, login):
    response = login(personas.ruta).get(reverse("referrals:detail", args=[987654]))

    assert response.status_code == 404
