from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiltas.access import policy
from tiltas.access.selectors import participant_get_for
from tiltas.common.views import apply_errors, paginate, staff_required
from tiltas.programmes import selectors, services
from tiltas.programmes.forms import (
    BudgetLineFormSet,
    CohortFormSet,
    EnrolmentForm,
    ExitForm,
    ProgrammeForm,
)
from tiltas.programmes.models import Programme


@staff_required
def programme_list(request):
    page = paginate(request, selectors.programme_list(request.user))
    return render(
        request,
        "programmes/programme_list.html",
        {
            "page": page,
            "can_create": policy.can_manage_programme(request.user),
        },
    )


@staff_required
def programme_detail(request, pk):
    programme = selectors.programme_get_for(request.user, pk)
    page = paginate(request, selectors.enrolments_visible(request.user, programme))
    context = {
        "programme": programme,
        "page": page,
        "progress": selectors.target_progress(programme),
        "budget_total": selectors.budget_total(programme),
        "can_manage": policy.can_manage_programme(request.user, programme),
    }
    if request.htmx:
        return render(request, "programmes/programme_detail.html#enrolments", context)
    return render(request, "programmes/programme_detail.html", context)


@staff_required
def programme_create(request):
    if not policy.can_manage_programme(request.user):
        raise PermissionDenied
    return _programme_form(request, Programme())


@staff_required
def programme_edit(request, pk):
    programme = selectors.programme_get_for(request.user, pk)
    if not policy.can_manage_programme(request.user, programme):
        raise PermissionDenied
    return _programme_form(request, programme)


def _programme_form(request, programme: Programme):
    creating = programme.pk is None
    # Binding the form changes the instance; the heading keeps the saved name.
    heading = "" if creating else str(programme)
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(
        data,
        instance=programme,
        lead_organisations=selectors.lead_organisation_choices(request.user),
        partners=selectors.partner_choices(programme),
        coordinators=selectors.coordinator_choices(),
    )
    budget = BudgetLineFormSet(data, instance=programme, prefix="budget")
    cohorts = CohortFormSet(data, instance=programme, prefix="cohorts")
    if data is not None and all([form.is_valid(), budget.is_valid(), cohorts.is_valid()]):
        try:
            programme = services.programme_save(
                actor=request.user,
                programme=form.instance,
                partners=form.cleaned_data["partners"],
                coordinators=form.cleaned_data["coordinators"],
                target_groups=form.cleaned_data["target_groups"],
                targets=form.targets(),
                budget_lines=budget.rows(),
                cohorts=cohorts.rows(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if creating:
                messages.success(
                    request, _("The programme %(code)s is created.") % {"code": programme.code}
                )
            else:
                messages.success(request, _("The changes are saved."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(
        request,
        "programmes/programme_form.html",
        {
            "form": form,
            "budget": budget,
            "cohorts": cohorts,
            "creating": creating,
            "heading": heading,
            "programme": programme,
        },
    )


@staff_required
def enrol(request, pk):
    participant = participant_get_for(request.user, pk)
    user = request.user
    if not selectors.programmes_for_enrolment(user, participant, include_ongoing=True).exists():
        raise PermissionDenied
    programmes = selectors.programmes_for_enrolment(user, participant)
    form = EnrolmentForm(
        request.POST or None,
        programmes=programmes,
        cohorts=selectors.cohort_choices(programmes),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.enrolment_create(
                actor=user,
                participant=participant,
                programme=data["programme"],
                entry_date=data["entry_date"],
                cohort=data["cohort"],
                target_group=data["target_group"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is enrolled in %(programme)s.")
                % {"name": participant, "programme": enrolment.programme.code},
            )
            return redirect("people:detail", pk=participant.pk)
    return render(
        request,
        "programmes/enrol_form.html",
        {
            "form": form,
            "participant": participant,
            "has_choices": programmes.exists(),
        },
    )


@staff_required
@require_POST
def suspend(request, pk):
    enrolment = selectors.enrolment_get_for(request.user, pk)
    try:
        services.enrolment_suspend(
            actor=request.user, enrolment=enrolment, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Taking part in %(programme)s is suspended.")
            % {"programme": enrolment.programme.code},
        )
    return redirect("people:detail", pk=enrolment.participant_id)


@staff_required
@require_POST
def resume(request, pk):
    enrolment = selectors.enrolment_get_for(request.user, pk)
    try:
        services.enrolment_resume(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Taking part in %(programme)s is resumed.") % {"programme": enrolment.programme.code},
        )
    return redirect("people:detail", pk=enrolment.participant_id)


@staff_required
def exit_programme(request, pk):
    enrolment = selectors.enrolment_get_for(request.user, pk)
    if not policy.can_manage_enrolment(request.user, enrolment):
        raise PermissionDenied
    participant = enrolment.participant
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_exit(
                actor=request.user,
                enrolment=enrolment,
                exit_date=form.cleaned_data["exit_date"],
                exit_reason=form.cleaned_data["exit_reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The exit of %(name)s from %(programme)s is recorded.")
                % {"name": participant, "programme": enrolment.programme.code},
            )
            return redirect("people:detail", pk=participant.pk)
    return render(
        request,
        "programmes/exit_form.html",
        {
            "form": form,
            "enrolment": enrolment,
            "participant": participant,
        },
    )
