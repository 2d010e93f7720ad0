from typing import cast

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiltas.programmes.models import BudgetLine, Cohort, Programme, Target
from tiltas.reference.models import ExitReason, TargetGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CoordinatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        orgs = ", ".join(str(m.organisation) for m in getattr(obj, "coordinator_roles", []))
        return f"{name} ({orgs})" if orgs else name


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.programme.code} · {obj.name}"


class ProgrammeForm(forms.ModelForm):
    target_participants = forms.IntegerField(
        label=_("Target: participants enrolled"),
        required=False,
        min_value=1,
        help_text=_("Optional. How many people the programme must enrol."),
    )
    target_active_participants = forms.IntegerField(
        label=_("Target: participants taking part at once"),
        required=False,
        min_value=1,
        help_text=_("Optional. How many people should be taking part at the same time."),
    )

    class Meta:
        model = Programme
        fields = [
            "code",
            "title",
            "funder",
            "measure",
            "description",
            "start_date",
            "end_date",
            "lead_organisation",
            "partners",
            "coordinators",
            "target_groups",
            "is_sensitive",
        ]
        field_classes = {"coordinators": CoordinatorChoiceField}
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "partners": forms.CheckboxSelectMultiple,
            "coordinators": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "code": _("The project code given by the funder, e.g. 11-415-K-0003."),
            "coordinators": _(
                "Coordinators of the lead or a partner organisation. Coordinators see every "
                "participant of the programme."
            ),
        }

    #: Form field for each target metric; programme_save reports errors under these names.
    TARGET_FIELDS = {
        Target.Metric.PARTICIPANTS: "target_participants",
        Target.Metric.ACTIVE_PARTICIPANTS: "target_active_participants",
    }

    def __init__(self, *args, lead_organisations, partners, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = lead_organisations
        self.fields["partners"].queryset = partners
        self.fields["coordinators"].queryset = coordinators
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(is_active=True)
        if len(lead_organisations) == 1 and not self.instance.pk:
            self.fields["lead_organisation"].initial = lead_organisations[0].pk
        if self.instance.pk:
            for target in self.instance.targets.all():
                name = self.TARGET_FIELDS.get(target.metric)
                if name:
                    self.fields[name].initial = target.value

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def targets(self) -> dict[str, int | None]:
        return {metric: self.cleaned_data.get(name) for metric, name in self.TARGET_FIELDS.items()}


class RowsFormSet(BaseInlineFormSet):
    """An inline formset that hands its rows to a service as plain data."""

    row_fields: tuple[str, ...] = ()

    def rows(self) -> list[dict]:
        rows = []
        for form in self.forms:
            if form.instance.pk is None and not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]  # private Django API, not in django-stubs
                continue
            row = {name: form.cleaned_data.get(name) for name in self.row_fields}
            row["id"] = form.instance.pk
            rows.append(row)
        return rows


class BudgetLineRows(RowsFormSet):
    row_fields = ("title", "amount")


class CohortRows(RowsFormSet):
    row_fields = ("name", "start_date")


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["title", "amount"]
        widgets = {"amount": forms.NumberInput(attrs={"min": "0", "step": "0.01"})}


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "start_date"]
        widgets = {"start_date": DATE}


# The stubs type the factory's result as the base formset class, not the one passed in.
BudgetLineFormSet = cast(
    type[BudgetLineRows],
    inlineformset_factory(
        Programme,
        BudgetLine,
        form=BudgetLineForm,
        formset=BudgetLineRows,
        extra=2,
        can_delete=True,
    ),
)
CohortFormSet = cast(
    type[CohortRows],
    inlineformset_factory(
        Programme,
        Cohort,
        form=CohortForm,
        formset=CohortRows,
        extra=2,
        can_delete=True,
    ),
)


class EnrolmentForm(forms.Form):
    programme: "forms.ModelChoiceField[Programme]" = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=None,
    )
    cohort = CohortChoiceField(
        label=_("Cohort"),
        queryset=None,
        required=False,
        empty_label=_("No cohort"),
        help_text=_("Optional. It must be a cohort of the chosen programme."),
    )
    target_group: "forms.ModelChoiceField[TargetGroup]" = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=None,
        required=False,
        empty_label=_("Not stated"),
        help_text=_("Optional. It must be one of the programme's target groups."),
    )
    entry_date = forms.DateField(label=_("Entry date"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, programmes, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].error_messages["invalid_choice"] = _(
            "Choose a programme from the list."
        )
        self.fields["cohort"].queryset = cohorts
        self.fields["target_group"].queryset = TargetGroup.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        programme, cohort = data.get("programme"), data.get("cohort")
        if programme and cohort and cohort.programme_id != programme.pk:
            self.add_error("cohort", _("This cohort belongs to another programme."))
        return data


class ExitForm(forms.Form):
    exit_date = forms.DateField(label=_("Exit date"), widget=DATE, initial=timezone.localdate)
    exit_reason = forms.ModelChoiceField(
        label=_("Reason for leaving"),
        queryset=ExitReason.objects.filter(is_active=True),
    )
