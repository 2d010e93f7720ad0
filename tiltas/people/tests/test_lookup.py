"""Finding a person: by name through the list's search (GET, so it can be bookmarked), by
personal code only through a POST form, so the code never travels in an address (browser
history, server and proxy logs)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import participant_fields
from tiltas.audit.models import AuditEntry
from tiltas.people import services
from tiltas.people.demo import make_personal_code

pytestmark = pytest.mark.django_db

NOT_FOUND = "Nobody you may see has this personal code."
NAMES_ONLY = "The search looks at names only."


def signed_in(client, user):
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    client.cookies["django_language"] = "en"
    return client


def hrefs(body: str) -> list[str]:
    return [chunk.split('"', 1)[0] for chunk in body.split('href="')[1:]]


def register_kotryna(personas, **overrides):
    fields = participant_fields(
        first_name="Kotryna",
        last_name="Šimkūnaitė",
        birth_date=date(1992, 5, 17),
        personal_code=make_personal_code(date(1992, 5, 17), is_male=False, serial=101),
        **overrides,
    )
    return services.participant_register(
        actor=personas.ruta,
        organisation=personas.ngo,
        fields=fields,
        consents=["service_delivery"],
        confirmed_new_person=True,
    )


# --- the name search ---------------------------------------------------------------------------


def test_a_personal_code_typed_in_the_search_is_dropped_from_the_address(client, personas):
    code = personas.ona_record.personal_code
    signed_in(client, personas.ruta)
    response = client.get(reverse("people:list"), {"q": code, "case_status": "open"})
    assert response.status_code == 302
    assert code not in response["Location"]
    assert response["Location"] == reverse("people:list") + "?case_status=open"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert NAMES_ONLY in body
    assert code not in body
    assert all(code not in href for href in hrefs(body))


def test_the_name_in_a_search_with_a_code_is_kept(client, personas):
    signed_in(client, personas.ruta)
    response = client.get(reverse("people:list"), {"q": f"ona {personas.ona_record.personal_code}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:list") + "?q=ona"


def test_the_live_search_does_not_put_a_code_in_history_or_page_links(client, personas, settings):
    settings.PAGE_SIZE = 1  # two people, so the results carry page links
    register_kotryna(personas)
    code = personas.ona_record.personal_code
    signed_in(client, personas.ruta)
    response = client.get(reverse("people:list"), {"q": code}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Push-Url"] == reverse("people:list")
    body = response.content.decode()
    assert NAMES_ONLY in body
    assert code not in body
    links = hrefs(body)
    assert any("page=2" in href for href in links)
    assert all(code not in href for href in links)


def test_a_name_search_without_digits_is_answered_in_place(client, personas):
    signed_in(client, personas.ruta)
    response = client.get(reverse("people:list"), {"q": "zukausk"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert not response.has_header("HX-Push-Url")  # the form's own hx-push-url applies
    body = response.content.decode()
    assert "Žukauskienė" in body and NAMES_ONLY not in body


def test_the_list_offers_the_code_look_up_as_a_post_form_only(client, personas):
    signed_in(client, personas.ruta)
    body = client.get(reverse("people:list")).content.decode()
    search_form = body[body.index('role="search"') :]
    search_form = search_form[: search_form.index("</form>")]
    assert "personal code" not in search_form.lower()
    lookup = body[body.index(f'action="{reverse("people:find_by_code")}"') - 40 :]
    lookup = lookup[: lookup.index("</form>")]
    assert 'method="post"' in lookup and 'name="csrfmiddlewaretoken"' in lookup
    assert 'name="personal_code"' in lookup


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("ruta", True),
        ("laura", True),
        ("jonas", True),
        ("aiste", False),
        ("admin", False),
    ],
)
def test_register_a_person_is_offered_only_to_who_may_register(client, personas, persona, shown):
    signed_in(client, personas.all()[persona])
    body = client.get(reverse("people:list")).content.decode()
    assert (reverse("people:create") in body) is shown
    assert ("Register a person" in body) is shown


# --- find by personal code ---------------------------------------------------------------------

# Who finds Ona by her code: her case manager, the psychologist on her team (her consent to
# sharing with partners is in force) and the programme's coordinator. Everyone else on the staff
# gets the list with the same message as for an unknown code; other roles are refused.
FIND = {
    "ruta": "found",
    "aiste": "found",
    "laura": "found",
    "jonas": "not_found",
    "tomas": "not_found",
    "admin": "not_found",
    "egle": 403,
    "darius": 403,
    "ona": 403,
}


@pytest.mark.parametrize("persona", list(FIND))
def test_find_by_code_access_matrix(client, personas, persona):
    user = personas.all()[persona]
    ona = personas.ona_record
    signed_in(client, user)
    response = client.post(reverse("people:find_by_code"), {"personal_code": ona.personal_code})
    reads = AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS, actor=user, additional_data__participant_id=ona.pk
    )
    expected = FIND[persona]
    if expected == 403:
        assert response.status_code == 403
        assert not reads.exists()
        return
    assert response.status_code == 302
    assert ona.personal_code not in response["Location"]
    if expected == "found":
        assert response["Location"] == reverse("people:detail", args=[ona.pk])
        assert reads.filter(additional_data__what="find_by_code").exists()
        assert client.get(response["Location"]).status_code == 200
    else:
        assert response["Location"] == reverse("people:list")
        assert not reads.exists()
        assert NOT_FOUND in client.get(response["Location"]).content.decode()


def test_anonymous_find_by_code_goes_to_sign_in(client, personas):
    code = personas.ona_record.personal_code
    response = client.post(reverse("people:find_by_code"), {"personal_code": code})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert code not in response["Location"]


def test_unknown_code_and_someone_out_of_scope_get_the_same_answer(client, personas):
    unknown = make_personal_code(date(1970, 3, 3), is_male=True, serial=42)
    signed_in(client, personas.jonas)
    answers = []
    for code in (unknown, personas.ona_record.personal_code):
        response = client.post(reverse("people:find_by_code"), {"personal_code": code}, follow=True)
        assert response.redirect_chain == [(reverse("people:list"), 302)]
        body = response.content.decode()
        assert code not in body
        start = body.index('class="messages"')
        answers.append(body[start : body.index("</ul>", start)])
    assert answers[0] == answers[1]
    assert NOT_FOUND in answers[0]


def test_a_mistyped_code_is_explained_and_finds_nobody(client, personas):
    signed_in(client, personas.ruta)
    wrong = personas.ona_record.personal_code[:10] + "9"
    response = client.post(reverse("people:find_by_code"), {"personal_code": wrong}, follow=True)
    assert response.redirect_chain == [(reverse("people:list"), 302)]
    body = response.content.decode()
    assert "check digit is wrong" in body
    assert wrong not in body


def test_find_by_code_is_post_only_and_needs_the_csrf_token(personas):
    client = signed_in(Client(enforce_csrf_checks=True), personas.ruta)
    url = reverse("people:find_by_code")
    code = personas.ona_record.personal_code
    assert client.get(url, {"personal_code": code}).status_code == 405
    assert client.post(url, {"personal_code": code}).status_code == 403
    assert not AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS, actor=personas.ruta
    ).exists()
