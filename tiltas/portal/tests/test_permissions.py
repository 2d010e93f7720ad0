import pytest
from django.urls import reverse

from tiltas.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

EXPECTED = {
    "ona": 200,
    "ruta": 403,
    "jonas": 403,
    "aiste": 403,
    "tomas": 403,
    "egle": 403,
    "darius": 403,
    "admin": 403,
    "laura": 403,
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_my_page_is_the_participants_own(client, personas, persona):
    client.force_login(
        personas.all()[persona], backend="allauth.account.auth_backends.AuthenticationBackend"
    )
    assert client.get(reverse("portal:home")).status_code == EXPECTED[persona]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_ona_sees_her_programme_helper_and_consents_and_the_read_is_recorded(client, personas):
    client.force_login(personas.ona, backend="allauth.account.auth_backends.AuthenticationBackend")
    body = client.get(reverse("portal:home")).content.decode()
    assert personas.programme.title in body
    assert "Rūta Kazlauskienė" in body and "Aistė Jankauskaitė" in body
    assert 'lang="lt"' in body
    # Her own sensitive section and personal code are not shown on her easy-read page.
    assert personas.ona_record.personal_code not in body
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS, actor=personas.ona, participant_id=personas.ona_record.pk
    ).exists()


def test_ona_is_refused_staff_pages_and_other_records(client, personas):
    client.force_login(personas.ona, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(reverse("people:list")).status_code == 403
    assert client.get(reverse("people:detail", args=[personas.ona_record.pk])).status_code == 403
    assert client.get(reverse("home")).status_code == 302
