from tiltas.audit.context import acting_as, client_ip


class AuditContextMiddleware:
    """Every audit entry written while serving a request names the signed-in user and address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(request=request, remote_addr=client_ip(request)):
            return self.get_response(request)
