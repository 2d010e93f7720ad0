def username_for_lockout(request, credentials) -> str:
    """The name a sign-in attempt was made with, whether allauth passed it as username or
    e-mail, so failures count against the account whatever the user typed."""
    credentials = credentials or {}
    for key in ("username", "email", "login"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    data = getattr(request, "POST", None) or {}
    return str(data.get("login", "")).strip().lower()
