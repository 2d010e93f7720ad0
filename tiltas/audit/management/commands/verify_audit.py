from django.core.management.base import BaseCommand, CommandError

from tiltas.audit.services import seal_pending, verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain end to end (sealing pending entries first unless "
        "--no-seal). Exits with status 1 if the chain is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seal", action="store_true",
            help="Do not seal pending entries before checking (a read-only check).",
        )

    def handle(self, *args, **options):
        if not options["no_seal"]:
            sealed = seal_pending()
            self.stdout.write(f"Sealed {sealed} pending entries.")
        report = verify_chain()
        self.stdout.write(
            f"Checked {report.checked} sealed entries; {report.unsealed} not sealed yet."
        )
        if not report.ok:
            raise CommandError(
                f"Audit chain BROKEN at entry id {report.broken_at}: {report.problem}."
            )
        self.stdout.write(self.style.SUCCESS("Audit chain OK."))
