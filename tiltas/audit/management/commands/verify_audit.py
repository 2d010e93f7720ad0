import argparse
import re

from django.core.management.base import BaseCommand, CommandError

from tiltas.audit.services import check_recorded_head, seal_pending, verify_chain

HEAD = re.compile(r"^(?P<seq>[1-9][0-9]*):(?P<hash>[0-9a-fA-F]{64})$")


def recorded_head(value: str) -> tuple[int, str]:
    match = HEAD.match(value.strip())
    if match is None:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not SEQ:HASH (a sequence number, a colon, 64 hexadecimal digits)"
        )
    return int(match["seq"]), match["hash"].lower()


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain end to end (sealing pending entries first unless "
        "--no-seal) and print the chain head as SEQ:HASH. The chain shows any changed or "
        "removed entry, but not the removal of the newest entries: record the printed head "
        "each night (e.g. in the backup log) and pass it later with --expect-head SEQ:HASH, "
        "which fails if that entry is gone or has another hash. Exits with status 1 if the "
        "chain is broken or the recorded head does not match."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seal",
            action="store_true",
            help="Do not seal pending entries before checking (a read-only check).",
        )
        parser.add_argument(
            "--expect-head",
            type=recorded_head,
            metavar="SEQ:HASH",
            help=(
                "A head printed by an earlier run. Fails if the entry with that sequence "
                "number is missing (the newest entries were deleted, or the log was replaced) "
                "or has another hash."
            ),
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
        if report.head_seq is None:
            self.stdout.write("Chain head: none (no sealed entries yet).")
        else:
            self.stdout.write(f"Chain head: {report.head_seq}:{report.head_hash}")
        if options["expect_head"]:
            seq, entry_hash = options["expect_head"]
            problem = check_recorded_head(seq, entry_hash)
            if problem:
                raise CommandError(f"Audit chain head check FAILED: {problem}.")
            self.stdout.write(f"Recorded head {seq} is still in the chain.")
        self.stdout.write(self.style.SUCCESS("Audit chain OK."))
