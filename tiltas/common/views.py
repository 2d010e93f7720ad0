"""Small helpers every area's views share."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect

from tiltas.access import policy


def staff_required(view):
    """Signed in, with a staff role; anyone else is refused (403) before any data is read."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not policy.is_staff_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def paginate(request, queryset, per_page: int | None = None):
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's validation errors on the form, field by field where it can."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for e in error.error_list:
            form.add_error(None, e)


def submit(request, form, call, *, success: str, redirect_to):
    """The write half of a form view: on a valid POST run one service with the cleaned data,
    show its validation errors on the form, or say it is done and redirect.

    Returns the redirect on success, None when the page should be shown (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, success)
    return redirect(redirect_to)
