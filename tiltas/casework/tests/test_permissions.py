import pytest
from django.urls import reverse

from tiltas.casework.models import Case

pytestmark = pytest.mark.django_db

PERSONAS = [
    "ruta",
    "jonas",
    "aiste",
    "tomas",
    "egle",
    "darius",
    "ona",
    "admin",
    "laura",
    "anonymous",
]
MANAGE = {
    "ruta": 200,
    "laura": 200,
    "aiste": 403,
    "jonas": 404,
    "tomas": 404,
    "admin": 404,
    "egle": 403,
    "darius": 403,
    "ona": 403,
    "anonymous": 302,
}


def as_persona(client, personas, persona):
    if persona != "anonymous":
        client.force_login(
            personas.all()[persona], backend="allauth.account.auth_backends.AuthenticationBackend"
        )
    return client


def onas_case(personas) -> Case:
    return Case.objects.get(participant=personas.ona_record)


@pytest.mark.parametrize("persona", PERSONAS)
def test_case_page_follows_the_matrix(client, personas, persona):
    url = reverse("casework:detail", args=[onas_case(personas).pk])
    assert as_persona(client, personas, persona).get(url).status_code == MANAGE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_adding_a_team_member_follows_the_matrix(client, personas, persona):
    case = onas_case(personas)
    url = reverse("casework:team_add", args=[case.pk])
    response = as_persona(client, personas, persona).post(
        url, {"user": personas.jonas.pk, "specialty": "social_worker"}
    )
    allowed = MANAGE[persona] == 200
    assert response.status_code == (302 if allowed else MANAGE[persona])
    assert case.team.filter(user=personas.jonas).exists() is allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_closing_a_case_follows_the_matrix(client, personas, persona):
    case = onas_case(personas)
    url = reverse("casework:close", args=[case.pk])
    response = as_persona(client, personas, persona).post(url, {"closed_on": "2025-11-01"})
    allowed = MANAGE[persona] == 200
    assert response.status_code == (302 if allowed else MANAGE[persona])
    case.refresh_from_db()
    assert (case.status == Case.Status.CLOSED) is allowed


OPEN = {
    "ruta": 302,
    "jonas": 404,
    "laura": 302,
    "aiste": 403,
    "tomas": 404,
    "admin": 404,
    "egle": 403,
    "darius": 403,
    "ona": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_opening_a_case_page_follows_the_matrix(client, personas, persona):
    # Ona's case is already open: those allowed are sent to it, the others refused.
    url = reverse("casework:open", args=[personas.ona_record.pk])
    assert as_persona(client, personas, persona).get(url).status_code == OPEN[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_removing_a_team_member_follows_the_matrix(client, personas, persona):
    case = onas_case(personas)
    member = case.team.get(user=personas.aiste)
    url = reverse("casework:team_remove", args=[case.pk, member.pk])
    response = as_persona(client, personas, persona).post(url)
    allowed = MANAGE[persona] == 200
    assert response.status_code == (302 if allowed else MANAGE[persona])
    assert case.team.filter(pk=member.pk).exists() is not allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_changing_the_case_manager_follows_the_matrix(client, personas, persona):
    case = onas_case(personas)
    url = reverse("casework:change_manager", args=[case.pk])
    response = as_persona(client, personas, persona).post(url, {"case_manager": personas.jonas.pk})
    allowed = MANAGE[persona] == 200
    assert response.status_code == (302 if allowed else MANAGE[persona])
    case.refresh_from_db()
    assert (case.case_manager == personas.jonas) is allowed
