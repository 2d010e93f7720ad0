"""Break-glass: a coordinator or administrator opens a record outside their scope, with a
reason that is recorded and reviewed."""

from datetime import date

import pytest
from django.urls import reverse

from tests.personas import participant_fields
from tiltas.access.models import BreakGlassGrant
from tiltas.audit.models import AuditEntry
from tiltas.people import services as people_services

pytestmark = pytest.mark.django_db

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
REASON = "Ona called in crisis; her case manager is on leave."
MATRIX = {
    "admin": 200,
    "laura": 200,
    # Case managers and specialists never break the glass; non-staff are refused outright.
    "ruta": 403,
    "jonas": 403,
    "aiste": 403,
    "tomas": 403,
    "egle": 403,
    "darius": 403,
    "ona": 403,
    "anonymous": 302,
}


def as_persona(client, personas, persona):
    if persona == "anonymous":
        client.logout()
    else:
        client.force_login(personas.all()[persona], backend=BACKEND)
    return client


def url_for(participant):
    return reverse("access:break_glass", args=[participant.pk])


def break_glass_entries():
    return AuditEntry.objects.filter(additional_data__what="break_glass")


@pytest.fixture
def petras(personas):
    """A participant of another organisation (the municipality)."""
    return people_services.participant_register(
        actor=personas.tomas,
        organisation=personas.municipality,
        fields=participant_fields(
            first_name="Petras",
            last_name="Jonaitis",
            gender="man",
            personal_code=None,
            birth_date=date(1979, 5, 14),
            single_parent=False,
            children_count=0,
        ),
        consents=["service_delivery"],
    )


@pytest.mark.parametrize("persona", list(MATRIX))
def test_break_glass_page_follows_the_matrix(client, personas, persona):
    response = as_persona(client, personas, persona).get(url_for(personas.ona_record))
    assert response.status_code == MATRIX[persona]
    # Showing the warning reads nothing of the record.
    assert not break_glass_entries().exists()


@pytest.mark.parametrize("persona", list(MATRIX))
def test_break_glass_post_follows_the_matrix(client, personas, persona):
    as_persona(client, personas, persona)
    response = client.post(url_for(personas.ona_record), {"reason": REASON})
    opened = MATRIX[persona] == 200
    assert response.status_code == (302 if opened else MATRIX[persona])
    assert BreakGlassGrant.objects.filter(participant=personas.ona_record).exists() is opened
    if opened:
        assert response.url == reverse("people:detail", args=[personas.ona_record.pk])
        entry = break_glass_entries().get()
        assert entry.actor == personas.all()[persona]
        assert entry.participant_id == personas.ona_record.pk
        assert entry.reason == REASON
    else:
        assert not break_glass_entries().exists()


@pytest.mark.parametrize("persona", ["admin", "laura"])
def test_a_person_of_another_organisation_does_not_exist_for_break_glass(
    client, personas, petras, persona
):
    as_persona(client, personas, persona)
    assert client.get(url_for(petras)).status_code == 404
    assert client.post(url_for(petras), {"reason": REASON}).status_code == 404
    assert not BreakGlassGrant.objects.filter(participant=petras).exists()


def test_warning_page_shows_initials_not_the_name(client, personas):
    as_persona(client, personas, "admin")
    body = client.get(url_for(personas.ona_record)).content.decode()
    assert "O. Ž." in body
    assert "Žukauskienė" not in body.split("<main", 1)[1]


def test_admin_opens_onas_record_with_a_reason_and_it_is_recorded_and_listed(client, personas):
    as_persona(client, personas, "admin")
    detail = reverse("people:detail", args=[personas.ona_record.pk])
    assert client.get(detail).status_code == 404

    response = client.post(url_for(personas.ona_record), {"reason": REASON})
    assert response.status_code == 302
    assert response.url == detail

    response = client.get(detail)
    assert response.status_code == 200
    assert "Žukauskienė" in response.content.decode()
    grant = BreakGlassGrant.objects.get(user=personas.admin, participant=personas.ona_record)
    assert grant.reason == REASON
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS,
        actor=personas.admin,
        reason=REASON,
        participant_id=personas.ona_record.pk,
    ).exists()
    # Each read during the grant is recorded as well.
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.ACCESS,
            actor=personas.admin,
            participant_id=personas.ona_record.pk,
            object_pk=str(personas.ona_record.pk),
        ).count()
        >= 2
    )

    listing = client.get(reverse("accounts:break_glass_reviews"))
    assert grant.pk in [g.pk for g in listing.context["page"].object_list]
    assert REASON in listing.content.decode()


def test_a_short_reason_is_refused_and_nothing_is_written(client, personas):
    as_persona(client, personas, "admin")
    entries = AuditEntry.objects.count()
    response = client.post(url_for(personas.ona_record), {"reason": "urgent"})
    assert response.status_code == 200
    assert 'id="id_reason_error"' in response.content.decode()
    assert not BreakGlassGrant.objects.exists()
    assert AuditEntry.objects.count() == entries
    assert client.get(reverse("people:detail", args=[personas.ona_record.pk])).status_code == 404


def test_an_empty_reason_is_refused_and_nothing_is_written(client, personas):
    as_persona(client, personas, "laura")
    response = client.post(url_for(personas.ona_record), {"reason": "   "})
    assert response.status_code == 200
    assert not BreakGlassGrant.objects.exists()
    assert not break_glass_entries().exists()


def test_laura_is_told_she_can_already_open_the_record(client, personas):
    as_persona(client, personas, "laura")
    response = client.get(url_for(personas.ona_record))
    assert response.context["already_visible"] is True
    as_persona(client, personas, "admin")
    assert client.get(url_for(personas.ona_record)).context["already_visible"] is False
