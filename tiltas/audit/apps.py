from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tiltas.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_save

        from tiltas.audit import registry, services
        from tiltas.audit.models import AuditEntry

        def before_entry_saved(sender, instance, **kwargs):
            services.fill_context(instance)

        def after_entry_saved(sender, instance, created, **kwargs):
            if created:
                services.schedule_seal()

        # Strong references: these are local functions, which a weak one would let vanish.
        pre_save.connect(
            before_entry_saved, sender=AuditEntry, dispatch_uid="audit-fill", weak=False
        )
        post_save.connect(
            after_entry_saved, sender=AuditEntry, dispatch_uid="audit-seal", weak=False
        )
        registry.register_models()
