from django.core.management.base import BaseCommand

from tiltas.audit.services import seal_pending


class Command(BaseCommand):
    help = (
        "Chain every audit entry not sealed yet into the hash chain, in id order. On "
        "PostgreSQL, if another sealer is at work this one stops and leaves the rest to it."
    )

    def handle(self, *args, **options):
        sealed = seal_pending()
        self.stdout.write(f"Sealed {sealed} audit entries.")
