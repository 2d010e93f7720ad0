"""Review of the audit log and the check of its hash chain, for organisation administrators."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiltas.accounts.admin_views import org_admin_required
from tiltas.accounts.models import User
from tiltas.audit import selectors
from tiltas.audit.models import AuditEntry
from tiltas.audit.services import verify_chain
from tiltas.common.views import paginate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACTIONS = {
    "create": AuditEntry.Action.CREATE,
    "update": AuditEntry.Action.UPDATE,
    "delete": AuditEntry.Action.DELETE,
    "access": AuditEntry.Action.ACCESS,
}
ACTION_CHOICES = [
    ("create", _("Created")),
    ("update", _("Changed")),
    ("delete", _("Deleted")),
    ("access", _("Read")),
]
# The same words in the filter and in the rows: django-auditlog's own labels are untranslated.
ACTION_LABELS = {ACTIONS[key]: label for key, label in ACTION_CHOICES}


class AuditFilterForm(forms.Form):
    actor: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=_("Who"),
        queryset=None,
        required=False,
        empty_label=_("Anyone"),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All")), *ACTION_CHOICES],
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)
    participant = forms.IntegerField(
        label=_("Participant id"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    break_glass = forms.BooleanField(label=_("Break-glass only"), required=False)

    def __init__(self, *args, actors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


#: Models whose text names a person: shown as type and number, never by that text.
PERSON_MODELS = {
    ("people", "participant"),
    ("people", "sensitiveprofile"),
    ("people", "consent"),
    ("referrals", "referral"),
    ("programmes", "enrolment"),
    ("casework", "case"),
    ("casework", "caseteammember"),
    ("access", "breakglassgrant"),
}


def _field_label(content_type, name: str) -> str:
    """The field's own (translated) label, so administrators read words, not column names."""
    model = content_type.model_class()
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    # Reverse relations (a case's team, its events) are named after the related records.
    if field.auto_created and not field.concrete:
        return str(field.related_model._meta.verbose_name_plural)
    return str(getattr(field, "verbose_name", name))


@org_admin_required
def log(request):
    form = AuditFilterForm(request.GET or None, actors=selectors.audit_actor_choices(request.user))
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_id": data["actor"].pk if data.get("actor") else None,
            "action": ACTIONS.get(data.get("action") or ""),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "participant_id": data.get("participant"),
            "break_glass_only": bool(data.get("break_glass")),
        }
    page = paginate(request, selectors.audit_entry_list(request.user, **filters))
    page.object_list = list(page.object_list)
    for entry in page.object_list:
        # Field names only: the old and new values may be personal data.
        names = sorted(entry.changes) if isinstance(entry.changes, dict) else []
        entry.changed_fields = [_field_label(entry.content_type, name) for name in names]
        entry.action_label = ACTION_LABELS.get(entry.action, entry.action)
        # A person's record is named by number only, even before it is linked to a participant
        # (a referral names the person it is about).
        entry.show_repr = (
            entry.participant_id is None
            and (
                entry.content_type.app_label,
                entry.content_type.model,
            )
            not in PERSON_MODELS
        )
    context = {"form": form, "page": page}
    if request.htmx:
        return render(request, "audit/log.html#results", context)
    return render(request, "audit/log.html", context)


def _problem_text(problem: str) -> str | Promise:
    """The chain check's finding, in the reader's language."""
    if problem.startswith("sequence gap before seq"):
        return _("An entry is missing before sequence number %(seq)s.") % {
            "seq": problem.rsplit(" ", 1)[-1]
        }
    return {
        "link to the previous entry is broken": _("The link to the previous entry is broken."),
        "entry content does not match its hash": _(
            "The entry's content does not match its hash: it was changed after sealing."
        ),
    }.get(problem, problem)


@org_admin_required
def verify(request):
    report = verify_chain()
    return render(
        request,
        "audit/verify.html",
        {
            "report": report,
            "problem": _problem_text(report.problem) if report.problem else "",
        },
    )
