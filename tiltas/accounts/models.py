from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        MUNICIPALITY = "municipality", _("Municipality")
        SOCIAL_SERVICE_CENTRE = "social_service_centre", _("Social service centre")
        EMPLOYER = "employer", _("Employer")
        SERVICE_PROVIDER = "service_provider", _("Service provider")
        FUNDER = "funder", _("Funder")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    company_code = models.CharField(_("legal entity code"), max_length=20, blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.short_name or self.name


class User(AbstractUser):
    """A person who signs in: staff, employer contacts, auditors and participants alike."""

    email = models.EmailField(_("e-mail"), unique=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    SPECIALIST = "specialist", _("Specialist")
    COORDINATOR = "coordinator", _("Coordinator")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    EMPLOYER_CONTACT = "employer_contact", _("Employer contact")
    AUDITOR = "auditor", _("Auditor / funder")
    PARTICIPANT = "participant", _("Participant")


#: Roles whose work reaches participants' personal data; MFA is required for them.
PERSONAL_DATA_ROLES = frozenset(
    {Role.CASE_MANAGER, Role.SPECIALIST, Role.COORDINATOR, Role.ORG_ADMIN}
)
#: Roles that work inside the staff screens.
STAFF_ROLES = PERSONAL_DATA_ROLES


class Specialty(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    LAWYER = "lawyer", _("Lawyer")
    HEALTH = "health", _("Health specialist")
    EMPLOYMENT = "employment", _("Employment consultant")
    IMAGE = "image", _("Image consultant")
    BUSINESS = "business", _("Business consultant")
    OTHER = "other", _("Other specialist")


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several roles in several organisations."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    specialty = models.CharField(
        _("specialty"),
        max_length=32,
        choices=Specialty.choices,
        blank=True,
        help_text=_("For specialists: their field."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"
