"""Small helpers every area's views share."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _lazy

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


def _without_digits(query: str) -> str:
    return " ".join(word for word in query.split() if not any(ch.isdigit() for ch in word))


def names_only_search(view):
    """Keep personal codes out of addresses: browser history and server and proxy logs keep
    them. Names have no digits, so words with digits are dropped from the search ``q``: a
    normal request is sent to the address without them; an htmx request is answered for the
    cleaned search and its pushed address replaced. ``request.search_digits_dropped`` tells
    the view to say why."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        raw = request.GET.get("q", "")
        request.search_digits_dropped = any(ch.isdigit() for ch in raw)
        if not request.search_digits_dropped:
            return view(request, *args, **kwargs)
        params = request.GET.copy()
        params.pop("page", None)
        if _without_digits(raw):
            params["q"] = _without_digits(raw)
        else:
            params.pop("q")
        clean_url = request.path + (f"?{params.urlencode()}" if params else "")
        if not getattr(request, "htmx", False):
            messages.info(request, str(NAMES_ONLY_NOTICE))
            return redirect(clean_url)
        # Links on the page ({% querystring %}) are built from request.GET: clean it too.
        request.GET = params
        response = view(request, *args, **kwargs)
        response["HX-Push-Url"] = clean_url
        return response

    return wrapped


NAMES_ONLY_NOTICE = _lazy(
    "The search looks at names only. To find someone by personal code, use “Find by personal code”."
)
