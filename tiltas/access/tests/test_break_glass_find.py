import pytest
from django.test import Client
from django.urls import reverse

from tiltas.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

EXPECTED = {
    "laura": 200,
    "admin": 200,
    "ruta": 403,
    "jonas": 403,
    "aiste": 403,
    "tomas": 403,
    "egle": 403,
    "darius": 403,
    "ona": 403,
}


def signed_in(client, user):
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_emergency_search_is_for_coordinators_and_administrators(client, personas, persona):
    signed_in(client, personas.all()[persona])
    response = client.post(
        reverse("access:break_glass_find"), {"personal_code": personas.ona_record.personal_code}
    )
    assert response.status_code == EXPECTED[persona]
    if response.status_code == 200:
        body = response.content.decode()
        assert reverse("access:break_glass", args=[personas.ona_record.pk]) in body
        assert "Žukauskienė" not in body  # initials only before a reason is given


def test_anonymous_emergency_search_goes_to_sign_in(client, personas):
    response = client.post(
        reverse("access:break_glass_find"), {"personal_code": personas.ona_record.personal_code}
    )
    assert response.status_code == 302
    assert personas.ona_record.personal_code not in response["Location"]


def test_emergency_search_needs_exact_details_and_reads_nothing(client, personas):
    signed_in(client, personas.admin)
    url = reverse("access:break_glass_find")
    by_surname_only = client.post(url, {"last_name": "Žukauskienė"}).content.decode()
    assert reverse("access:break_glass", args=[personas.ona_record.pk]) not in by_surname_only
    found = client.post(url, {"last_name": "zukauskiene", "birth_date": "1985-01-01"})
    assert reverse("access:break_glass", args=[personas.ona_record.pk]) in found.content.decode()
    assert not AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS, actor=personas.admin
    ).exists()


def test_emergency_search_by_code_answers_the_post_itself_and_keeps_the_code_out_of_links(
    client,
    personas,
):
    code = personas.ona_record.personal_code
    signed_in(client, personas.laura)
    response = client.post(reverse("access:break_glass_find"), {"personal_code": code})
    assert response.status_code == 200  # the results, not a redirect to an address with the code
    assert not response.has_header("Location")
    body = response.content.decode()
    assert reverse("access:break_glass", args=[personas.ona_record.pk]) in body
    assert 'method="post"' in body and 'method="get"' not in body.split("<main", 1)[-1]
    for link in body.split('href="')[1:]:
        assert code not in link.split('"', 1)[0]


def test_emergency_search_ignores_details_in_the_address(client, personas):
    signed_in(client, personas.laura)
    body = client.get(
        reverse("access:break_glass_find"), {"personal_code": personas.ona_record.personal_code}
    ).content.decode()
    assert reverse("access:break_glass", args=[personas.ona_record.pk]) not in body


def test_emergency_search_needs_the_csrf_token(personas):
    client = signed_in(Client(enforce_csrf_checks=True), personas.laura)
    response = client.post(
        reverse("access:break_glass_find"), {"personal_code": personas.ona_record.personal_code}
    )
    assert response.status_code == 403
    page = client.get(reverse("access:break_glass_find")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_people_of_another_organisation_are_not_found(client, personas):
    from tiltas.accounts.models import Membership

    Membership.objects.create(
        user=personas.tomas, organisation=personas.municipality, role="coordinator"
    )
    signed_in(client, personas.tomas)
    body = client.post(
        reverse("access:break_glass_find"), {"personal_code": personas.ona_record.personal_code}
    ).content.decode()
    assert reverse("access:break_glass", args=[personas.ona_record.pk]) not in body


def test_the_code_look_up_on_the_people_list_follows_break_glass_grants(client, personas):
    """people:find_by_code searches what the user may see: an open emergency grant adds the
    person, an expired one removes them again (the full access matrix of that route is in
    tiltas/people/tests/test_lookup.py)."""
    from datetime import timedelta

    from django.utils import timezone

    from tiltas.access.services import break_glass_open

    ona = personas.ona_record
    signed_in(client, personas.admin)
    url, data = reverse("people:find_by_code"), {"personal_code": ona.personal_code}
    assert client.post(url, data)["Location"] == reverse("people:list")
    grant = break_glass_open(
        actor=personas.admin,
        participant=ona,
        reason="Ona is in hospital; her case manager is on leave.",
    )
    assert client.post(url, data)["Location"] == reverse("people:detail", args=[ona.pk])
    grant.expires_at = timezone.now() - timedelta(minutes=1)
    grant.save(update_fields=["expires_at"])
    assert client.post(url, data)["Location"] == reverse("people:list")
