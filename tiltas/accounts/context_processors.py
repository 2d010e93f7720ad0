from django.conf import settings

from tiltas.access import policy
from tiltas.accounts.models import Role


def tiltas(request):
    """What the page frame needs: the demo banner and which sections the user's roles open."""
    user = getattr(request, "user", None)
    staff = bool(user and policy.is_staff_user(user))
    return {
        "demo_mode": settings.DEMO_MODE,
        "require_mfa": settings.REQUIRE_MFA,
        "login_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "nav": {
            "staff": staff,
            "referrals": bool(user and policy.referral_orgs(user)),
            "admin": bool(user and policy.admin_orgs(user)),
            "break_glass": bool(user and policy.org_ids(user, Role.COORDINATOR, Role.ORG_ADMIN)),
            "portal": bool(user and policy.has_role(user, Role.PARTICIPANT)),
        },
    }
