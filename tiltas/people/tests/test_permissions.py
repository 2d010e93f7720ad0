"""The access matrix for participant routes: every persona, including the ones refused."""

import pytest
from django.urls import reverse

from tiltas.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NON_STAFF_REFUSED = {"egle": 403, "darius": 403, "ona": 403}


def status_for(client, personas, persona, url, method="get"):
    if persona == "anonymous":
        client.logout()
    else:
        client.force_login(
            personas.all()[persona], backend="allauth.account.auth_backends.AuthenticationBackend"
        )
    return getattr(client, method)(url).status_code


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("ruta", 200),
        ("jonas", 200),
        ("aiste", 200),
        ("tomas", 200),
        ("admin", 200),
        ("laura", 200),
        ("egle", 403),
        ("darius", 403),
        ("ona", 403),
        ("anonymous", 302),
    ],
)
def test_participant_list_is_for_staff_only(client, personas, persona, expected):
    assert status_for(client, personas, persona, reverse("people:list")) == expected


@pytest.mark.parametrize(
    ("persona", "sees_ona"),
    [
        ("ruta", True),
        ("aiste", True),
        ("laura", True),
        ("jonas", False),
        ("tomas", False),
        ("admin", False),
    ],
)
def test_participant_list_shows_only_people_in_scope(client, personas, persona, sees_ona):
    client.force_login(
        personas.all()[persona], backend="allauth.account.auth_backends.AuthenticationBackend"
    )
    body = client.get(reverse("people:list")).content.decode()
    assert ("Žukauskienė" in body) is sees_ona


DETAIL = {
    "ruta": 200,
    "aiste": 200,
    "laura": 200,
    "jonas": 404,
    "tomas": 404,
    "admin": 404,
    **NON_STAFF_REFUSED,
    "anonymous": 302,
}
EDIT = {
    "ruta": 200,
    "aiste": 403,
    "laura": 403,
    "jonas": 404,
    "tomas": 404,
    "admin": 404,
    **NON_STAFF_REFUSED,
    "anonymous": 302,
}
SENSITIVE = {
    "ruta": 200,
    "aiste": 200,
    "laura": 404,
    "jonas": 404,
    "tomas": 404,
    "admin": 404,
    **NON_STAFF_REFUSED,
    "anonymous": 302,
}
CREATE = {
    "ruta": 200,
    "jonas": 200,
    "tomas": 200,
    "laura": 200,
    "aiste": 403,
    "admin": 403,
    **NON_STAFF_REFUSED,
    "anonymous": 302,
}


@pytest.mark.parametrize(
    ("route", "matrix"),
    [
        ("people:detail", DETAIL),
        ("people:edit", EDIT),
        ("people:sensitive", SENSITIVE),
        ("people:consent_add", EDIT),
    ],
)
@pytest.mark.parametrize("persona", list(DETAIL))
def test_onas_record_routes_follow_the_matrix(client, personas, route, matrix, persona):
    url = reverse(route, args=[personas.ona_record.pk])
    assert status_for(client, personas, persona, url) == matrix[persona]


@pytest.mark.parametrize("persona", list(CREATE))
def test_registration_form_follows_the_matrix(client, personas, persona):
    assert status_for(client, personas, persona, reverse("people:create")) == CREATE[persona]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("ruta", 302),
        ("aiste", 403),
        ("laura", 403),
        ("jonas", 404),
        ("tomas", 404),
        ("admin", 404),
        ("egle", 403),
        ("darius", 403),
        ("ona", 403),
        ("anonymous", 302),
    ],
)
def test_consent_withdrawal_follows_the_matrix(client, personas, persona, expected):
    consent = personas.ona_record.consents.get(purpose="service_delivery")
    url = reverse("people:consent_withdraw", args=[personas.ona_record.pk, consent.pk])
    assert status_for(client, personas, persona, url, method="post") == expected
    consent.refresh_from_db()
    assert (consent.withdrawn_at is not None) is (persona == "ruta")


def test_sensitive_section_is_shown_to_the_psychologist_but_not_the_coordinator(client, personas):
    client.force_login(
        personas.aiste, backend="allauth.account.auth_backends.AuthenticationBackend"
    )
    url = reverse("people:detail", args=[personas.ona_record.pk])
    assert "Reikia pritaikytos darbo vietos." in client.get(url).content.decode()
    client.force_login(
        personas.laura, backend="allauth.account.auth_backends.AuthenticationBackend"
    )
    body = client.get(url).content.decode()
    assert "Žukauskienė" in body
    assert "Reikia pritaikytos darbo vietos." not in body


def test_reading_a_record_is_recorded_with_actor_address_and_person(client, personas):
    client.force_login(personas.ruta, backend="allauth.account.auth_backends.AuthenticationBackend")
    client.get(reverse("people:detail", args=[personas.ona_record.pk]), REMOTE_ADDR="10.1.2.3")
    reads = AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS, participant_id=personas.ona_record.pk, actor=personas.ruta
    )
    assert reads.count() == 2  # the record and its sensitive section
    assert set(reads.values_list("remote_addr", flat=True)) == {"10.1.2.3"}
    assert {e.additional_data.get("what", "") for e in reads} == {"", "sensitive"}


def test_refused_reads_leave_no_access_entry(client, personas):
    client.force_login(
        personas.jonas, backend="allauth.account.auth_backends.AuthenticationBackend"
    )
    client.get(reverse("people:detail", args=[personas.ona_record.pk]))
    assert not AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS, actor=personas.jonas
    ).exists()


def test_personal_code_is_never_shown_in_full_but_finds_the_person(client, personas):
    client.force_login(personas.ruta, backend="allauth.account.auth_backends.AuthenticationBackend")
    code = personas.ona_record.personal_code
    response = client.post(reverse("people:find_by_code"), {"personal_code": code})
    assert response["Location"] == reverse("people:detail", args=[personas.ona_record.pk])
    detail = client.get(response["Location"]).content.decode()
    assert code not in detail and code[:7] in detail


@pytest.mark.parametrize("query", ["zukauskiene", "ŽUKAUSKIENĖ", "ona zuk"])
def test_search_ignores_diacritics_and_case(client, personas, query):
    client.force_login(personas.ruta, backend="allauth.account.auth_backends.AuthenticationBackend")
    body = client.get(reverse("people:list"), {"q": query}).content.decode()
    assert "Žukauskienė" in body
