from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiltas.access import policy
from tiltas.accounts.models import Organisation
from tiltas.casework import selectors as case_selectors
from tiltas.common.views import (
    NAMES_ONLY_NOTICE,
    apply_errors,
    names_only_search,
    paginate,
    staff_required,
    submit,
)
from tiltas.people import selectors, services
from tiltas.people.consents import CONSENT_TEXT_VERSION, CONSENT_TEXTS
from tiltas.people.forms import (
    ConsentForm,
    FindByCodeForm,
    ParticipantForm,
    RegistrationForm,
    SearchForm,
    SensitiveForm,
)
from tiltas.people.models import Consent
from tiltas.programmes.selectors import programme_list


@staff_required
@names_only_search
def participant_list(request):
    # The exact look-up by personal code is the POST form (participant_find_by_code).
    form = SearchForm(request.GET or None, programmes=programme_list(request.user))
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data.get("q") or "",
            "programme_id": data["programme"].pk if data.get("programme") else None,
            "municipality_id": data["municipality"].pk if data.get("municipality") else None,
            "case_status": data.get("case_status") or "",
        }
    page = paginate(request, selectors.participant_list(request.user, **filters))
    context = {
        "form": form,
        "page": page,
        "find_form": FindByCodeForm(),
        "can_register": policy.can_register_participant(request.user),
        "search_notice": NAMES_ONLY_NOTICE if request.search_digits_dropped else "",
    }
    if request.htmx:
        return render(request, "people/participant_list.html#results", context)
    return render(request, "people/participant_list.html", context)


@staff_required
@require_POST
def participant_find_by_code(request):
    """Open a person's record by exact personal code. POST only: the code stays out of every
    address; the answer is the person's page, or the list with one message whether the code
    is unknown or belongs to someone the user may not see."""
    form = FindByCodeForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("personal_code", []):
            messages.error(request, error)
        return redirect("people:list")
    participant = selectors.participant_by_code(request.user, form.cleaned_data["personal_code"])
    if participant is None:
        messages.error(request, _("Nobody you may see has this personal code."))
        return redirect("people:list")
    return redirect("people:detail", pk=participant.pk)


@staff_required
def participant_detail(request, pk):
    participant = selectors.participant_get_for(request.user, pk)
    user = request.user
    sensitive = None
    if policy.can_view_sensitive(user, participant):
        sensitive = selectors.sensitive_get_for(user, participant)
    case = case_selectors.case_for_participant(participant)
    enrolments = list(selectors.enrolments_of(participant))
    enrollable = policy.programmes_enrollable_by(user, participant)
    enrollable_ids = set(enrollable.values_list("pk", flat=True))
    context = {
        "participant": participant,
        "sensitive": sensitive,
        "case": case,
        "enrolments": enrolments,
        "can_enrol": enrollable.exists(),
        "manageable_enrolments": {e.pk for e in enrolments if e.programme_id in enrollable_ids},
        "consents": selectors.consents_of(participant),
        "timeline": selectors.timeline_for(participant),
        "can_edit": policy.can_edit_participant(user, participant),
        "can_open_case": (case is None or case.status == case.Status.CLOSED)
        and policy.can_open_case(user, participant),
        "can_manage_case": case is not None and policy.can_manage_case(user, case),
        "long_term_unemployed": participant.is_long_term_unemployed(timezone.localdate()),
    }
    return render(request, "people/participant_detail.html", context)


def _registration_org(request) -> Organisation:
    orgs = Organisation.objects.filter(pk__in=policy.registration_orgs(request.user))
    org_id = request.POST.get("organisation") or request.GET.get("organisation")
    if org_id:
        org = orgs.filter(pk=org_id).first()
        if org is None:
            raise Http404
        return org
    org = orgs.first()
    if org is None:
        raise PermissionDenied
    return org


@staff_required
def participant_create(request):
    if not policy.can_register_participant(request.user):
        raise PermissionDenied
    organisation = _registration_org(request)
    matches = []
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_register(
                actor=request.user,
                organisation=organisation,
                fields=form.core_data(),
                consents=form.cleaned_data["consents"],
                sensitive=form.sensitive_data(),
                confirmed_new_person=form.cleaned_data["confirm_new_person"],
            )
        except services.PossibleDuplicates as dup:
            matches = dup.matches
            form.add_error(
                None,
                _(
                    "This person may already be registered. Check the possible matches below; "
                    "if it is a different person, tick the confirmation and save again."
                ),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": participant})
            return redirect("people:detail", pk=participant.pk)
    return render(
        request,
        "people/participant_form.html",
        {"form": form, "matches": matches, "organisation": organisation, "creating": True},
    )


@staff_required
def participant_edit(request, pk):
    participant = selectors.participant_get_for(request.user, pk)
    if not policy.can_edit_participant(request.user, participant):
        raise PermissionDenied
    form = ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        try:
            # The form wrote the cleaned values onto the instance; the service checks and saves.
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            participant.refresh_from_db()
            services.participant_update(actor=request.user, participant=participant, fields=fields)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("people:detail", pk=participant.pk)
    return render(
        request, "people/participant_form.html", {"form": form, "participant": participant}
    )


@staff_required
def sensitive_edit(request, pk):
    participant = selectors.participant_get_for(request.user, pk)
    profile = selectors.sensitive_get_for(request.user, participant)
    form = SensitiveForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.sensitive_update(
                actor=request.user,
                participant=participant,
                fields={k: form.cleaned_data[k] for k in form.Meta.fields},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The sensitive section is saved."))
            return redirect("people:detail", pk=participant.pk)
    return render(request, "people/sensitive_form.html", {"form": form, "participant": participant})


@staff_required
def consent_add(request, pk):
    participant = selectors.participant_get_for(request.user, pk)
    if not policy.can_edit_participant(request.user, participant):
        raise PermissionDenied
    form = ConsentForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.consent_give(
            actor=request.user, participant=participant, purpose=data["purpose"]
        ),
        success=_("The consent is recorded."),
        redirect_to=participant.get_absolute_url(),
    )
    if done:
        return done
    return render(
        request,
        "people/consent_form.html",
        {
            "form": form,
            "participant": participant,
            "version": CONSENT_TEXT_VERSION,
            "texts": [(Consent.Purpose(p).label, t) for p, t in CONSENT_TEXTS.items()],
        },
    )


@staff_required
@require_POST
def consent_withdraw(request, pk, consent_pk):
    participant = selectors.participant_get_for(request.user, pk)
    consent = participant.consents.filter(pk=consent_pk).first()
    if consent is None:
        raise Http404
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The withdrawal of consent is recorded."))
    return redirect("people:detail", pk=participant.pk)
