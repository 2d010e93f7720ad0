from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiltas.access import policy
from tiltas.accounts.models import Organisation
from tiltas.people.forms import DATE
from tiltas.programmes.models import Cohort, Programme
from tiltas.reference.models import ReferralSource
from tiltas.referrals.models import Referral

STATUS_CHOICES = [
    ("pending", _("Pending (received or on the waiting list)")),
    (Referral.Status.RECEIVED, Referral.Status.RECEIVED.label),
    (Referral.Status.WAITLISTED, Referral.Status.WAITLISTED.label),
    (Referral.Status.ACCEPTED, Referral.Status.ACCEPTED.label),
    (Referral.Status.DECLINED, Referral.Status.DECLINED.label),
    ("all", _("All")),
]


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("The person's name."),
    )

    def clean_status(self):
        return self.cleaned_data.get("status") or "pending"


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = [
            "organisation",
            "programme",
            "source",
            "received_on",
            "reason",
            "referrer_organisation",
            "referrer_name",
            "referrer_contact",
            "first_name",
            "last_name",
            "birth_date",
            "gender",
            "personal_code",
            "phone",
            "email",
        ]
        widgets = {
            "received_on": DATE,
            "birth_date": DATE,
            "reason": forms.Textarea(attrs={"rows": 4}),
            "personal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "placeholder": "+370"}),
        }
        help_texts = {
            "personal_code": _("Optional. 11 digits; checked against the birth date and gender."),
            "programme": _("Optional: the programme the person is referred to, if known."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(pk__in=policy.referral_orgs(user)).order_by("name")
        organisation = self.fields["organisation"]
        organisation.queryset = orgs
        organisation.error_messages["invalid_choice"] = _("Choose one of your organisations.")
        org_list = list(orgs)
        if len(org_list) == 1:
            # Only one organisation to receive it: no choice to make, so no select to show.
            organisation.initial = org_list[0].pk
            # Disabled: the posted value is ignored, so it cannot be pointed elsewhere.
            organisation.disabled = True
            organisation.widget = forms.HiddenInput()
        self.single_organisation = org_list[0] if len(org_list) == 1 else None
        self.fields["programme"].queryset = policy.programmes_visible_to(user).order_by("code")
        self.fields["programme"].error_messages["invalid_choice"] = _(
            "Choose a programme of your organisation."
        )
        self.fields["source"].queryset = ReferralSource.objects.filter(is_active=True)
        self.fields["source"].error_messages["invalid_choice"] = _("Choose a source from the list.")
        if not self.is_bound:
            self.fields["received_on"].initial = timezone.localdate()

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_personal_code(self):
        return (self.cleaned_data.get("personal_code") or "").strip()


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.programme.code}: {obj.name}"


class AcceptForm(forms.Form):
    """The decision part of accepting: where and when the person enters."""

    programme: "forms.ModelChoiceField[Programme]" = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=None,
        error_messages={
            "required": _("Choose the programme the person enters."),
            "invalid_choice": _("Choose a programme of your organisation."),
        },
    )
    cohort = CohortChoiceField(
        label=_("Cohort"),
        queryset=None,
        required=False,
        empty_label=_("No cohort"),
        help_text=_("Optional; a cohort of the chosen programme."),
        error_messages={"invalid_choice": _("Choose a cohort from the list.")},
    )
    entry_date = forms.DateField(
        label=_("Entry date"),
        widget=DATE,
        error_messages={"required": _("Give the date the person enters the programme.")},
    )

    def __init__(self, *args, user, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = policy.programmes_visible_to(user).order_by("code")
        # self.fields holds copies of the fields declared above, typed only as Field.
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes
        cast(CohortChoiceField, self.fields["cohort"]).queryset = (
            Cohort.objects.filter(programme__in=programmes.values("pk"))
            .select_related("programme")
            .order_by("programme__code", "start_date")
        )
        if not self.is_bound:
            self.fields["programme"].initial = referral.programme_id
            self.fields["entry_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        programme, cohort = data.get("programme"), data.get("cohort")
        if programme and cohort and cohort.programme_id != programme.pk:
            self.add_error("cohort", _("This cohort belongs to another programme."))
        return data


def registration_initial(referral: Referral) -> dict:
    """What the referral already says about the person, to start the registration form with."""
    return {
        "first_name": referral.first_name,
        "last_name": referral.last_name,
        "personal_code": referral.personal_code,
        "birth_date": referral.birth_date,
        "gender": referral.gender,
        "phone": referral.phone,
        "email": referral.email,
    }


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why the referral is declined.")},
    )


class WaitlistForm(forms.Form):
    reason = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
