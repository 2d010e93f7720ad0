"""Every route that touches a person is in an access-matrix test: a new route without one
fails here."""

import re
from pathlib import Path

from django.urls import get_resolver

ROOT = Path(__file__).resolve().parents[1]
NAMESPACES = {
    "people",
    "casework",
    "programmes",
    "referrals",
    "access",
    "audit",
    "accounts",
    "portal",
}
# Routes that show no personal data to anyone: the user's own account page.
NO_PERSONAL_DATA = {"accounts:profile", "accounts:org_admin"}
# Test files that hold access matrices (every persona against a route).
MATRIX_FILES = ("permission", "admin_views", "break_glass", "lookup")


def project_route_names() -> set[str]:
    names = set()
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        if namespace in NAMESPACES:
            names |= {
                f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)
            }
    return names


def names_in_permission_tests() -> set[str]:
    found = set()
    for path in ROOT.glob("tiltas/*/tests/test_*.py"):
        matrix_file = any(word in path.name for word in MATRIX_FILES)
        if not matrix_file and path.parent.parent.name != "audit":
            continue
        found |= set(re.findall(r"""["']([a-z_]+:[a-z_]+)["']""", path.read_text()))
    return found


def test_every_project_route_has_an_access_matrix_test():
    missing = project_route_names() - names_in_permission_tests() - NO_PERSONAL_DATA
    assert not missing, f"routes without an access-matrix test: {sorted(missing)}"
