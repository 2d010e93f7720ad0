from django.contrib import admin

from tiltas.audit.models import AuditEntry

# The audit log's values include personal data: it is reviewed through the organisation
# administrator's screen, which is scoped by the access policy, never in the platform admin.
if admin.site.is_registered(AuditEntry):
    admin.site.unregister(AuditEntry)
