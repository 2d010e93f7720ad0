"""The access matrix of the programme screens: every persona against every route."""

from datetime import date

import pytest
from django.urls import reverse

from tiltas.audit.models import AuditEntry
from tiltas.programmes.models import Enrolment, Programme
from tiltas.reference.models import ExitReason

pytestmark = pytest.mark.django_db

PERSONAS = ["ruta", "jonas", "aiste", "tomas", "egle", "darius", "ona", "admin", "laura"]


def url_for(route: str, personas) -> str:
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    return {
        "list": reverse("programmes:list"),
        "detail": reverse("programmes:detail", args=[personas.programme.pk]),
        "create": reverse("programmes:create"),
        "edit": reverse("programmes:edit", args=[personas.programme.pk]),
        "enrol": reverse("programmes:enrol", args=[personas.ona_record.pk]),
        "exit": reverse("programmes:exit", args=[enrolment.pk]),
    }[route]


# Expected status of a GET, per route and persona. Tomas (another organisation) and the people
# outside Ona's case get 404, not 403, so the record's existence does not leak; roles without
# staff screens (auditor, employer, participant) get 403 before anything is read.
MATRIX = {
    "list": {
        "ruta": 200,
        "jonas": 200,
        "aiste": 200,
        "tomas": 200,
        "egle": 403,
        "darius": 403,
        "ona": 403,
        "admin": 200,
        "laura": 200,
    },
    "detail": {
        "ruta": 200,
        "jonas": 200,
        "aiste": 200,
        "tomas": 404,
        "egle": 403,
        "darius": 403,
        "ona": 403,
        "admin": 200,
        "laura": 200,
    },
    "create": {
        "ruta": 403,
        "jonas": 403,
        "aiste": 403,
        "tomas": 403,
        "egle": 403,
        "darius": 403,
        "ona": 403,
        "admin": 200,
        "laura": 200,
    },
    "edit": {
        "ruta": 403,
        "jonas": 403,
        "aiste": 403,
        "tomas": 404,
        "egle": 403,
        "darius": 403,
        "ona": 403,
        "admin": 200,
        "laura": 200,
    },
    # Aistė is on the team but does not keep the record; Vida administers the NGO but has no
    # role in Ona's case; Laura coordinates Ona's programme.
    "enrol": {
        "ruta": 200,
        "jonas": 404,
        "aiste": 403,
        "tomas": 404,
        "egle": 403,
        "darius": 403,
        "ona": 403,
        "admin": 404,
        "laura": 200,
    },
    "exit": {
        "ruta": 200,
        "jonas": 404,
        "aiste": 403,
        "tomas": 404,
        "egle": 403,
        "darius": 403,
        "ona": 403,
        "admin": 404,
        "laura": 200,
    },
}
CASES = [
    (route, persona, status) for route, row in MATRIX.items() for persona, status in row.items()
]
PERSON_ROUTES = {"enrol", "exit"}
OPENS_ONAS_RECORD = {"ruta", "aiste", "laura"}


@pytest.mark.parametrize(("route", "persona", "status"), CASES)
def test_access_matrix(personas, login, route, persona, status):
    assert set(MATRIX[route]) == set(PERSONAS)
    url = url_for(route, personas)
    user = personas.all()[persona]
    response = login(user).get(url)
    assert response.status_code == status
    if route in PERSON_ROUTES:
        read = AuditEntry.objects.filter(
            action=AuditEntry.Action.ACCESS, actor=user, participant_id=personas.ona_record.pk
        )
        # Ona's record is opened (and the read recorded) for those who may see it, including
        # Aistė, who is then refused the change; everyone else is stopped before any read.
        assert read.exists() == (persona in OPENS_ONAS_RECORD)


@pytest.mark.parametrize("route", list(MATRIX))
def test_anonymous_is_sent_to_sign_in(personas, client, route):
    response = client.get(url_for(route, personas))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["jonas", "aiste", "tomas", "egle", "darius", "ona", "admin"])
def test_refused_personas_cannot_record_onas_exit(personas, login, persona):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    response = login(personas.all()[persona]).post(
        reverse("programmes:exit", args=[enrolment.pk]),
        {"exit_date": "2026-03-02", "exit_reason": ExitReason.objects.get(code="found-job").pk},
    )
    assert response.status_code in (403, 404)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_date) == (Enrolment.Status.ACTIVE, None)


@pytest.mark.parametrize("persona", ["jonas", "aiste", "tomas", "egle", "darius", "ona", "admin"])
def test_refused_personas_cannot_enrol_ona(personas, login, persona):
    other = Programme.objects.create(
        code="11-415-K-0300",
        title="Kitas",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
        lead_organisation=personas.ngo,
    )
    response = login(personas.all()[persona]).post(
        reverse("programmes:enrol", args=[personas.ona_record.pk]),
        {"programme": other.pk, "entry_date": "2025-11-03"},
    )
    assert response.status_code in (403, 404)
    assert not Enrolment.objects.filter(programme=other).exists()


@pytest.mark.parametrize("persona", ["ruta", "jonas", "aiste", "tomas", "egle", "darius", "ona"])
def test_refused_personas_cannot_change_the_programme(personas, login, persona):
    programme = personas.programme
    response = login(personas.all()[persona]).post(
        reverse("programmes:edit", args=[programme.pk]),
        {
            "code": programme.code,
            "title": "Taken over",
            "start_date": "2025-09-29",
            "end_date": "2027-12-31",
            "lead_organisation": personas.ngo.pk,
        },
    )
    assert response.status_code in (403, 404)
    programme.refresh_from_db()
    assert programme.title == "Pažangos stebėsena"


def test_coordinator_of_another_organisation_cannot_make_the_ngo_the_lead(personas, login):
    from tests.personas import make_user
    from tiltas.accounts.models import Role

    rimas = make_user("rimas", "Rimas", "Jonaitis", personas.municipality, Role.COORDINATOR)
    client = login(rimas)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("programmes:create"),
        {
            "code": "TRK-9",
            "title": "Trakai",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "lead_organisation": personas.ngo.pk,
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
            "cohorts-TOTAL_FORMS": "0",
            "cohorts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Programme.objects.filter(code="TRK-9").exists()


PAUSE_ALLOWED = {"ruta", "laura"}
PAUSE_REFUSED = {
    "jonas": 404,
    "tomas": 404,
    "admin": 404,
    "aiste": 403,
    "egle": 403,
    "darius": 403,
    "ona": 403,
}


@pytest.mark.parametrize("persona", sorted(PAUSE_ALLOWED | set(PAUSE_REFUSED)))
def test_suspending_and_resuming_follow_the_matrix(client, personas, persona):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    client.force_login(
        personas.all()[persona], backend="allauth.account.auth_backends.AuthenticationBackend"
    )
    response = client.post(reverse("programmes:suspend", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    if persona in PAUSE_ALLOWED:
        assert response.status_code == 302
        assert enrolment.status == Enrolment.Status.SUSPENDED
        resumed = client.post(reverse("programmes:resume", args=[enrolment.pk]))
        enrolment.refresh_from_db()
        assert resumed.status_code == 302 and enrolment.status == Enrolment.Status.ACTIVE
        assert personas.ona_record.events.filter(type="enrolment_suspended").exists()
        assert personas.ona_record.events.filter(type="enrolment_resumed").exists()
    else:
        assert response.status_code == PAUSE_REFUSED[persona]
        assert enrolment.status == Enrolment.Status.ACTIVE
        resume = client.post(reverse("programmes:resume", args=[enrolment.pk]))
        assert resume.status_code == PAUSE_REFUSED[persona]
