"""Organisation administration: users and roles, and the review of break-glass accesses.

Only organisation administrators get in (403 for anyone else, before any data is read). These
screens show accounts and roles; of a participant they show no more than an id and initials.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tiltas.access import policy
from tiltas.access.services import break_glass_review as break_glass_review_service
from tiltas.accounts import selectors, services
from tiltas.accounts.forms import (
    BreakGlassReviewForm,
    MembershipAddForm,
    UserCreateForm,
    UserSearchForm,
)
from tiltas.common.views import apply_errors, paginate


def org_admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not policy.admin_orgs(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _chosen_organisation(form, organisations):
    return form.cleaned_data.get("organisation") or organisations[0]


@org_admin_required
def users(request):
    form = UserSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = paginate(request, selectors.user_list(request.user, query=query))
    context = {"form": form, "page": page}
    if request.htmx:
        return render(request, "accounts/admin_users.html#results", context)
    return render(request, "accounts/admin_users.html", context)


@org_admin_required
def user_create(request):
    organisations = list(selectors.admin_organisations(request.user))
    form = UserCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                organisation=_chosen_organisation(form, organisations),
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                specialty=data.get("specialty") or "",
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The account of %(name)s is created; a link to set a password was sent to "
                    "%(email)s."
                )
                % {"name": user.get_full_name(), "email": user.email},
            )
            return redirect("accounts:user_edit", pk=user.pk)
    return render(
        request,
        "accounts/admin_user_form.html",
        {
            "form": form,
            "organisations": organisations,
        },
    )


@org_admin_required
def user_edit(request, pk):
    """A user's roles in the admin's organisations: add one, or end one."""
    managed = selectors.user_get_for_admin(request.user, pk)
    organisations = list(selectors.admin_organisations(request.user))
    form = MembershipAddForm(
        request.POST if request.POST.get("action") == "add" else None,
        organisations=organisations,
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add" and form.is_valid():
            try:
                membership = services.membership_add(
                    actor=request.user,
                    user=managed,
                    organisation=_chosen_organisation(form, organisations),
                    role=form.cleaned_data["role"],
                    specialty=form.cleaned_data.get("specialty") or "",
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(role)s role added in %(org)s.")
                    % {
                        "role": membership.get_role_display(),
                        "org": membership.organisation,
                    },
                )
                return redirect("accounts:user_edit", pk=managed.pk)
        elif action == "deactivate":
            membership = selectors.membership_get_for_admin(
                request.user, managed, request.POST.get("membership")
            )
            try:
                services.membership_deactivate(actor=request.user, membership=membership)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(role)s role in %(org)s ended.")
                    % {
                        "role": membership.get_role_display(),
                        "org": membership.organisation,
                    },
                )
            return redirect("accounts:user_edit", pk=managed.pk)
    return render(
        request,
        "accounts/admin_user_edit.html",
        {
            "managed": managed,
            "memberships": managed.admin_memberships,
            "form": form,
            "is_self": managed.pk == request.user.pk,
        },
    )


@org_admin_required
def user_deactivate(request, pk):
    managed = selectors.user_get_for_admin(request.user, pk)
    if request.method == "POST":
        try:
            services.user_deactivate(actor=request.user, user=managed)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:user_edit", pk=managed.pk)
        messages.success(
            request,
            _("The account of %(name)s is deactivated.")
            % {
                "name": managed.get_full_name() or managed.username,
            },
        )
        return redirect("accounts:users")
    return render(
        request,
        "accounts/admin_user_deactivate.html",
        {
            "managed": managed,
            "is_self": managed.pk == request.user.pk,
        },
    )


@org_admin_required
def break_glass_reviews(request):
    page = paginate(request, selectors.break_glass_for_review(request.user))
    return render(
        request,
        "accounts/admin_break_glass_list.html",
        {
            "page": page,
            "me": request.user.pk,
        },
    )


@org_admin_required
def break_glass_review(request, pk):
    grant = selectors.break_glass_get_for_review(request.user, pk)
    own = grant.user_id == request.user.pk
    form = BreakGlassReviewForm(request.POST or None)
    if request.method == "POST" and grant.reviewed_at is not None:
        # A review is final: the first reviewer's note is what the log keeps.
        messages.error(request, _("This access has already been reviewed."))
        return redirect("accounts:break_glass_review", pk=grant.pk)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass_review_service(
                actor=request.user, grant=grant, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            # The one refusal here is reviewing one's own access; the page then explains it.
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:break_glass_review", pk=grant.pk)
        messages.success(request, _("The review is recorded."))
        return redirect("accounts:break_glass_reviews")
    return render(
        request,
        "accounts/admin_break_glass_review.html",
        {
            "grant": grant,
            "form": form,
            "own": own,
        },
    )
