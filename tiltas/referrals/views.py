from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from tiltas.access import policy
from tiltas.common.views import apply_errors, names_only_search, paginate, staff_required, submit
from tiltas.people import selectors as people_selectors
from tiltas.people.forms import RegistrationForm
from tiltas.people.services import PossibleDuplicates
from tiltas.referrals import selectors, services
from tiltas.referrals.forms import (
    AcceptForm,
    DeclineForm,
    ReferralFilterForm,
    ReferralForm,
    WaitlistForm,
    registration_initial,
)
from tiltas.referrals.models import Referral

PERSON_PREFIX = "person"


def referrals_required(view):
    """Staff who receive referrals (case managers and coordinators); other roles get 403."""

    @wraps(view)
    @staff_required
    def wrapped(request, *args, **kwargs):
        if not policy.referral_orgs(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _days_waiting(referral: Referral, today) -> int:
    """Days from receipt to the decision, or to today while the referral is pending."""
    if referral.status in Referral.PENDING or referral.decided_at is None:
        until = today
    else:
        until = timezone.localtime(referral.decided_at).date()
    return max(0, (until - referral.received_on).days)


@referrals_required
@names_only_search
def referral_list(request):
    form = ReferralFilterForm(request.GET or None)
    status, query = "pending", ""
    if form.is_valid():
        status, query = form.cleaned_data["status"], form.cleaned_data["q"]
    page = paginate(request, selectors.referral_list(request.user, status=status, query=query))
    today = timezone.localdate()
    page.object_list = list(page.object_list)
    for referral in page.object_list:
        referral.days_waiting = _days_waiting(referral, today)
    context = {"form": form, "page": page, "status": status}
    if request.htmx:
        return render(request, "referrals/referral_list.html#results", context)
    return render(request, "referrals/referral_list.html", context)


@referrals_required
def referral_create(request):
    form = ReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        referral = form.save(commit=False)
        try:
            services.referral_create(actor=request.user, referral=referral)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The referral of %(name)s is recorded.") % {"name": referral.full_name}
            )
            return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/referral_form.html", {"form": form})


@referrals_required
def referral_detail(request, pk):
    referral = selectors.referral_get_for(request.user, pk)
    user = request.user
    can_decide = policy.can_decide_referral(user, referral)
    context = {
        "referral": referral,
        "history": selectors.referral_history(referral),
        "days_waiting": _days_waiting(referral, timezone.localdate()),
        "masked_personal_code": (
            f"{referral.personal_code[:7]}••••" if referral.personal_code else ""
        ),
        "can_decide": can_decide,
        "can_waitlist": can_decide and referral.status != Referral.Status.WAITLISTED,
        "can_view_participant": referral.participant is not None
        and policy.can_view_participant(user, referral.participant),
        # Both forms have a "reason" field: distinct ids keep the labels pointing right.
        "decline_form": DeclineForm(auto_id="decline_%s"),
        "waitlist_form": WaitlistForm(auto_id="waitlist_%s"),
    }
    return render(request, "referrals/referral_detail.html", context)


def _decidable_or_redirect(request, referral: Referral):
    """A decided referral cannot be decided again: say so and go back to it."""
    if referral.status not in Referral.PENDING:
        messages.warning(request, _("This referral has already been decided."))
        return redirect("referrals:detail", pk=referral.pk)
    if not policy.can_decide_referral(request.user, referral):
        raise PermissionDenied
    return None


def _apply_accept_errors(error: ValidationError, accept_form, person_form) -> None:
    """Put each of the services' messages next to the field it is about, in either form."""
    if not hasattr(error, "error_dict"):
        apply_errors(accept_form, error)
        return
    for field, errors in error.error_dict.items():
        if field in accept_form.fields:
            target, name = accept_form, field
        elif field in person_form.fields:
            target, name = person_form, field
        else:
            target, name = accept_form, None
        for e in errors:
            target.add_error(name, e)


def _same_code_matches(user, referral: Referral, person_form) -> list:
    """When the personal code is already registered, show that person (if the worker may see
    them) so the referral can be linked to them instead."""
    code = (person_form["personal_code"].value() or "").strip()
    if not code:
        return []
    matches = people_selectors.find_duplicates(
        user,
        organisation_id=referral.organisation_id,
        first_name=person_form.cleaned_data.get("first_name") or referral.first_name,
        last_name=person_form.cleaned_data.get("last_name") or referral.last_name,
        birth_date=None,
        personal_code=code,
    )
    return [m for m in matches if m.same_personal_code]


@referrals_required
def referral_accept(request, pk):
    referral = selectors.referral_get_for(request.user, pk)
    refused = _decidable_or_redirect(request, referral)
    if refused:
        return refused
    data = request.POST if request.method == "POST" else None
    accept_form = AcceptForm(data, user=request.user, referral=referral)
    person_form = RegistrationForm(
        data, prefix=PERSON_PREFIX, initial=registration_initial(referral)
    )
    link_pk = request.POST.get("link_participant") if data else None
    matches = []
    if data is not None:
        accepted = None
        try:
            if link_pk and accept_form.is_valid():
                # "This is the same person": only someone the worker may open (404 otherwise;
                # the read is audited like any other).
                existing = people_selectors.participant_get_for(request.user, link_pk)
                accepted = services.referral_accept(
                    actor=request.user,
                    referral=referral,
                    programme=accept_form.cleaned_data["programme"],
                    cohort=accept_form.cleaned_data["cohort"],
                    entry_date=accept_form.cleaned_data["entry_date"],
                    existing_participant=existing,
                )
            elif not link_pk and all([accept_form.is_valid(), person_form.is_valid()]):
                accepted = services.referral_accept(
                    actor=request.user,
                    referral=referral,
                    programme=accept_form.cleaned_data["programme"],
                    cohort=accept_form.cleaned_data["cohort"],
                    entry_date=accept_form.cleaned_data["entry_date"],
                    participant_fields=person_form.core_data(),
                    consents=person_form.cleaned_data["consents"],
                    sensitive=person_form.sensitive_data(),
                    confirmed_new_person=person_form.cleaned_data["confirm_new_person"],
                )
        except PossibleDuplicates as dup:
            matches = dup.matches
            person_form.add_error(
                None,
                _(
                    "This person may already be registered. Check the possible matches below: "
                    "link the referral to the same person, or, if it is a different person, "
                    "tick the confirmation and accept again."
                ),
            )
        except ValidationError as error:
            _apply_accept_errors(error, accept_form, person_form)
            if not link_pk and "personal_code" in getattr(error, "error_dict", {}):
                matches = _same_code_matches(request.user, referral, person_form)
        if accepted is not None:
            messages.success(
                request,
                _("The referral is accepted: %(name)s is enrolled.")
                % {"name": accepted.participant},
            )
            return redirect("people:detail", pk=accepted.participant_id)
    return render(
        request,
        "referrals/referral_accept.html",
        {
            "referral": referral,
            "accept_form": accept_form,
            "form": person_form,
            "matches": matches,
            "linkable": any(m.visible for m in matches),
        },
    )


#: The two decisions that keep a referral out of the case load: form, service, message.
DECISIONS: dict[str, tuple[type[forms.Form], Callable[..., Referral], Promise]] = {
    "waitlist": (
        WaitlistForm,
        services.referral_waitlist,
        _lazy("The referral is on the waiting list."),
    ),
    "decline": (DeclineForm, services.referral_decline, _lazy("The referral is declined.")),
}


def _decision(request, pk, decision: str):
    referral = selectors.referral_get_for(request.user, pk)
    refused = _decidable_or_redirect(request, referral)
    if refused:
        return refused
    if decision == "waitlist" and referral.status == Referral.Status.WAITLISTED:
        messages.warning(request, _("The referral is already on the waiting list."))
        return redirect("referrals:detail", pk=referral.pk)
    form_class, service, success = DECISIONS[decision]
    form = form_class(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: service(actor=request.user, referral=referral, reason=data["reason"]),
        success=str(success),
        redirect_to=referral.get_absolute_url(),
    )
    if done:
        return done
    return render(
        request,
        "referrals/referral_decision.html",
        {"referral": referral, "form": form, "decision": decision},
    )


@referrals_required
@require_http_methods(["GET", "POST"])
def referral_waitlist(request, pk):
    return _decision(request, pk, "waitlist")


@referrals_required
@require_http_methods(["GET", "POST"])
def referral_decline(request, pk):
    return _decision(request, pk, "decline")
