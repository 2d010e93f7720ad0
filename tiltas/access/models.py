from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BreakGlassGrant(models.Model):
    """Emergency access to one participant outside the user's normal scope, with a stated reason.

    Every grant is written to the audit log and listed for review by the organisation's
    administrators.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="break_glass_grants",
    )
    participant = models.ForeignKey(
        "people.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="break_glass_grants",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.TextField(_("review note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass accesses")

    def __str__(self) -> str:
        return f"{self.user} → {self.participant_id}"

    def get_additional_data(self) -> dict:
        # Names the person this row is about, so the audit log can list every access to them.
        return {"participant_id": self.participant_id}
