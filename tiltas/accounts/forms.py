from django import forms
from django.utils.translation import gettext_lazy as _

from tiltas.accounts.models import Role, Specialty
from tiltas.accounts.services import ASSIGNABLE_ROLES


def _role_choices():
    return [("", "---------")] + [(r.value, r.label) for r in ASSIGNABLE_ROLES]


class UserSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Name, e-mail or username."),
    )


class _RoleFieldsMixin:
    """Role and specialty: a specialty is required for a specialist, and only for one."""

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        specialty = cleaned.get("specialty")
        if role == Role.SPECIALIST and not specialty:
            self.add_error("specialty", _("Choose the specialist's field."))
        elif role and role != Role.SPECIALIST and specialty:
            self.add_error("specialty", _("Only specialists have a specialty."))
        return cleaned


class _OrganisationMixin:
    def _set_organisations(self, organisations):
        # The choice appears only for an administrator of several organisations.
        if organisations is not None and len(organisations) > 1:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation"),
                queryset=organisations,
                empty_label=None,
            )
            self.order_fields(["organisation"])


class UserCreateForm(_RoleFieldsMixin, _OrganisationMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The link to set a password is sent here."),
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; used to sign in."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices)
    specialty = forms.ChoiceField(
        label=_("Specialty"),
        required=False,
        choices=[("", "---------"), *Specialty.choices],
        help_text=_("Only for specialists."),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_organisations(organisations)
        self.order_fields(
            ["organisation", "first_name", "last_name", "email", "username", "role", "specialty"]
        )

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_username(self):
        return self.cleaned_data["username"].strip()


class MembershipAddForm(_RoleFieldsMixin, _OrganisationMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices)
    specialty = forms.ChoiceField(
        label=_("Specialty"),
        required=False,
        choices=[("", "---------"), *Specialty.choices],
        help_text=_("Only for specialists."),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_organisations(organisations)


class BreakGlassReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Review note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Was the reason sound? Record what you checked and concluded."),
    )
