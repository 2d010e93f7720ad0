import pytest
from django.urls import reverse

from tiltas.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

EXPECTED = {"laura": 200, "admin": 200, "ruta": 403, "jonas": 403, "aiste": 403, "tomas": 403,
            "egle": 403, "darius": 403, "ona": 403}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_emergency_search_is_for_coordinators_and_administrators(client, personas, persona):
    client.force_login(personas.all()[persona],
                       backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.get(reverse("access:break_glass_find"),
                          {"personal_code": personas.ona_record.personal_code})
    assert response.status_code == EXPECTED[persona]
    if response.status_code == 200:
        body = response.content.decode()
        assert reverse("access:break_glass", args=[personas.ona_record.pk]) in body
        assert "Žukauskienė" not in body  # initials only before a reason is given


def test_emergency_search_needs_exact_details_and_reads_nothing(client, personas):
    client.force_login(personas.admin,
                       backend="allauth.account.auth_backends.AuthenticationBackend")
    url = reverse("access:break_glass_find")
    by_surname_only = client.get(url, {"last_name": "Žukauskienė"}).content.decode()
    assert reverse("access:break_glass", args=[personas.ona_record.pk]) not in by_surname_only
    found = client.get(url, {"last_name": "zukauskiene", "birth_date": "1985-01-01"})
    assert reverse("access:break_glass", args=[personas.ona_record.pk]) in found.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS,
                                         actor=personas.admin).exists()


def test_people_of_another_organisation_are_not_found(client, personas):
    from tiltas.accounts.models import Membership

    Membership.objects.create(user=personas.tomas, organisation=personas.municipality,
                              role="coordinator")
    client.force_login(personas.tomas,
                       backend="allauth.account.auth_backends.AuthenticationBackend")
    body = client.get(reverse("access:break_glass_find"),
                      {"personal_code": personas.ona_record.personal_code}).content.decode()
    assert reverse("access:break_glass", args=[personas.ona_record.pk]) not in body
