"""Sign-in security: no self sign-up, MFA for staff, lockout, Argon2, headers."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_sign_in_page_is_lithuanian_by_default(client):
    body = client.get(reverse("account_login")).content.decode()
    assert 'lang="lt"' in body
    assert "Prisijungti" in body


def test_nobody_can_sign_themselves_up(client):
    from tiltas.accounts.models import User

    before = User.objects.count()
    client.post(
        "/accounts/signup/",
        {
            "email": "x@example.lt",
            "username": "x",
            "password1": "Labai-slaptas-2026",
            "password2": "Labai-slaptas-2026",
        },
    )
    assert User.objects.count() == before


def test_staff_without_mfa_are_sent_to_set_it_up(client, personas, settings):
    settings.REQUIRE_MFA = True
    sign_in(client, "ruta")
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_participant_is_not_required_to_set_up_mfa(client, personas, settings):
    settings.REQUIRE_MFA = True
    sign_in(client, "ona")
    assert client.get(reverse("portal:home")).status_code == 200


def test_staff_with_totp_must_give_a_valid_code(client, personas, settings):
    settings.REQUIRE_MFA = True
    secret = generate_totp_secret()
    TOTP.activate(personas.ruta, secret)
    RecoveryCodes.activate(personas.ruta)
    response = sign_in(client, "ruta")
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: personal data stays closed.
    assert client.get(reverse("people:list")).status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get(reverse("people:list")).status_code == 302
    ok = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert ok.status_code == 302
    assert client.get(reverse("people:list")).status_code == 200


def test_repeated_failures_lock_the_account(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "ruta", "wrong-password")
    locked = sign_in(client, "ruta")  # even the right password is refused now
    assert locked.status_code == 429
    assert "Per daug nesėkmingų bandymų" in locked.content.decode()
    assert client.get(reverse("people:list")).status_code == 302


def test_passwords_are_hashed_with_argon2(personas, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    personas.ruta.set_password("Naujas-slaptazodis-2026")
    personas.ruta.save()
    assert identify_hasher(personas.ruta.password).algorithm == "argon2"


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


def test_idle_session_is_signed_out(client, personas, settings):
    client.force_login(personas.ruta, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(reverse("people:list")).status_code == 200
    session = client.session
    session["tiltas_last_seen"] -= settings.SESSION_IDLE_TIMEOUT + 1
    session.save()
    response = client.get(reverse("people:list"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.get(reverse("people:list")).status_code == 302


def test_english_is_one_click_away(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get(reverse("account_login")).content.decode()
    assert 'lang="en"' in body and "Sign in" in body


def test_an_english_browser_still_gets_lithuanian_until_the_user_switches(client):
    body = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="lt"' in body.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    again = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="lt")
    assert 'lang="en"' in again.content.decode()


def test_password_reset_sends_a_link_by_e_mail_and_the_link_sets_a_new_password(
    client, personas, mailoutbox
):
    import re

    client.post(reverse("account_reset_password"), {"email": personas.ruta.email})
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [personas.ruta.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": "Naujas-Slaptas-2026!", "password2": "Naujas-Slaptas-2026!"},
    )
    personas.ruta.refresh_from_db()
    assert personas.ruta.check_password("Naujas-Slaptas-2026!")


def test_password_reset_does_not_reveal_whether_an_address_is_known(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nera@example.lt"})
    assert response.status_code == 302
    assert not mailoutbox or "nera@example.lt" in mailoutbox[0].to
