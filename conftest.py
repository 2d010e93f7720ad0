"""Shared fixtures: the personas (DESIGN §10) on real reference data."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Reference catalogues are data, loaded once for the whole run like `make setup` does.
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture
def personas(db):
    from tests.personas import build

    return build()


@pytest.fixture
def login(client):
    """Sign a persona in on the test client (through Django's session, not the login form)."""

    def _login(user):
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that do not check hashing need not pay for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
