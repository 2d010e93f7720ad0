"""Pytest plugin, loaded with -p before Django is configured.

Test environment: production-like settings, with HTTPS redirects and the static manifest off
(the test client speaks plain HTTP and no collectstatic runs) and MFA enforcement left to the
tests that check it.
"""

import os

os.environ.setdefault("TILTAS_SECRET_KEY", "test-secret-key-not-for-production-0123456789")
os.environ.setdefault("TILTAS_SSL_REDIRECT", "0")
os.environ.setdefault("TILTAS_STATIC_MANIFEST", "0")
os.environ.setdefault("TILTAS_REQUIRE_MFA", "0")
os.environ.setdefault("TILTAS_DEMO", "0")
os.environ.setdefault("TILTAS_SQLITE_PATH", ":memory:")
