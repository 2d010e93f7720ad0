"""Which models the audit log follows, and which of their fields it must never copy."""

from auditlog.registry import auditlog
from django.apps import apps

MASK = "tiltas.audit.masking.mask"


def register_models() -> None:
    get = apps.get_model
    auditlog.register(get("accounts", "Organisation"))
    auditlog.register(
        get("accounts", "User"),
        exclude_fields=["password", "last_login"],
    )
    auditlog.register(get("accounts", "Membership"))
    for name in (
        "Municipality",
        "Eldership",
        "ReferralSource",
        "TargetGroup",
        "IscedLevel",
        "LabourMarketStatus",
        "ExitReason",
    ):
        auditlog.register(get("reference", name))
    auditlog.register(get("activities", "ServiceType"))
    auditlog.register(
        get("people", "Participant"),
        exclude_fields=["search_name", "updated_at"],
        mask_fields=["personal_code"],
        mask_callable=MASK,
    )
    auditlog.register(
        get("people", "SensitiveProfile"),
        mask_fields=["disability", "disability_notes", "minority"],
        mask_callable=MASK,
        exclude_fields=["updated_at"],
    )
    auditlog.register(get("people", "Consent"))
    auditlog.register(
        get("programmes", "Programme"), m2m_fields={"partners", "coordinators", "target_groups"}
    )
    auditlog.register(get("programmes", "Enrolment"), exclude_fields=["entry_characteristics"])
    auditlog.register(get("programmes", "Target"))
    auditlog.register(get("programmes", "BudgetLine"))
    auditlog.register(get("programmes", "Cohort"))
    auditlog.register(
        get("referrals", "Referral"),
        exclude_fields=["search_name"],
        mask_fields=["personal_code"],
        mask_callable=MASK,
    )
    auditlog.register(get("casework", "Case"))
    auditlog.register(get("casework", "CaseTeamMember"))
    auditlog.register(get("access", "BreakGlassGrant"))
