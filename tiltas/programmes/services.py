"""Writes of programmes and enrolments."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tiltas.access import policy
from tiltas.accounts.models import Membership, Role
from tiltas.audit import events
from tiltas.audit.context import acting_as
from tiltas.people.models import Consent
from tiltas.programmes.models import BudgetLine, Cohort, Enrolment, Programme, Target


def entry_characteristics(participant, on: date) -> dict:
    """The ESF+ characteristics at entry, kept with the enrolment so re-entry cannot change them.

    Disability and minority (GDPR Art. 9) are deliberately left out: they stay inside the fenced
    sensitive section and are never copied into records that others may read.
    """
    status = participant.labour_market_status
    return {
        "age": participant.age_on(on),
        "gender": participant.gender,
        "municipality": participant.municipality.code,
        "labour_market": status.esf_category,
        "labour_market_status": status.code,
        "long_term_unemployed": participant.is_long_term_unemployed(on),
        "isced": participant.isced_level.code if participant.isced_level_id else None,
        "citizenship": participant.citizenship,
        "foreign_background": participant.foreign_background,
        "homeless_or_housing_exclusion": participant.homeless_or_housing_exclusion,
        "rural": participant.rural_residence,
        "children": participant.children_count,
        "single_parent": participant.single_parent,
    }


def _serves_with_consent(participant) -> bool:
    return Consent.objects.filter(
        participant=participant,
        purpose=Consent.Purpose.SERVICE_DELIVERY,
        withdrawn_at__isnull=True,
    ).exists()


def enrolment_create(
    *, actor, participant, programme: Programme, entry_date: date, cohort=None, target_group=None
) -> Enrolment:
    """Enrol a person; a person who left the programme before re-enters the same record."""
    if not policy.can_enrol(actor, participant, programme):
        raise PermissionDenied
    existing = Enrolment.objects.filter(participant=participant, programme=programme).first()
    errors: dict[str, list[str]] = {}
    if existing is not None and existing.status != Enrolment.Status.EXITED:
        errors.setdefault("programme", []).append(
            _("This person is already enrolled in this programme.")
        )
    if entry_date < participant.birth_date:
        errors.setdefault("entry_date", []).append(
            _("The entry date cannot be before the birth date.")
        )
    if not (programme.start_date <= entry_date <= programme.end_date):
        errors.setdefault("entry_date", []).append(
            _("The entry date must fall within the programme period (%(start)s – %(end)s).")
            % {"start": programme.start_date, "end": programme.end_date}
        )
    if (
        existing is not None
        and existing.status == Enrolment.Status.EXITED
        and existing.exit_date
        and entry_date < existing.exit_date
    ):
        errors.setdefault("entry_date", []).append(
            _("A re-entry cannot be before the previous exit (%(date)s).")
            % {"date": existing.exit_date}
        )
    if cohort is not None and cohort.programme_id != programme.pk:
        errors.setdefault("cohort", []).append(_("This cohort belongs to another programme."))
    if target_group is not None and not programme.target_groups.filter(pk=target_group.pk).exists():
        errors.setdefault("target_group", []).append(
            _("This programme does not serve that target group.")
        )
    if not _serves_with_consent(participant):
        # No service without the person's consent in force (GDPR Art. 6-7; the consent given at
        # intake may have been withdrawn since): it must be recorded again first.
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _(
                "The person's consent to service delivery has been withdrawn: record it again "
                "before enrolling them."
            )
        )
    if errors:
        raise ValidationError(errors)
    with acting_as(actor), transaction.atomic():
        if existing is not None:
            # Re-entry: the first entry date and entry characteristics stay (ESF+ rule).
            existing.status = Enrolment.Status.ACTIVE
            existing.exit_date = None
            existing.exit_reason = None
            existing.cohort = cohort or existing.cohort
            existing.save(update_fields=["status", "exit_date", "exit_reason", "cohort"])
            events.re_entered(existing, actor, on=entry_date)
            return existing
        try:
            # A savepoint, so a concurrent enrolment of the same person (the unique constraint)
            # becomes the same clear message instead of a server error.
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    participant=participant,
                    programme=programme,
                    entry_date=entry_date,
                    cohort=cohort,
                    target_group=target_group,
                    enrolled_by=actor,
                    entry_characteristics=entry_characteristics(participant, entry_date),
                )
        except IntegrityError:
            raise ValidationError(
                {"programme": _("This person is already enrolled in this programme.")}
            ) from None
        events.enrolled(enrolment, actor)
    return enrolment


def enrolment_exit(*, actor, enrolment: Enrolment, exit_date: date, exit_reason) -> Enrolment:
    if not policy.can_manage_enrolment(actor, enrolment):
        raise PermissionDenied
    if enrolment.status == Enrolment.Status.EXITED:
        raise ValidationError(_("This person has already left the programme."))
    if exit_date < enrolment.entry_date:
        raise ValidationError(
            {
                "exit_date": _("The exit date cannot be before the entry date (%(date)s).")
                % {"date": enrolment.entry_date}
            }
        )
    if exit_date > timezone.localdate():
        raise ValidationError({"exit_date": _("The exit date cannot be in the future.")})
    if exit_date > enrolment.programme.end_date:
        raise ValidationError(
            {
                "exit_date": _("The exit date cannot be after the programme ended (%(date)s).")
                % {"date": enrolment.programme.end_date}
            }
        )
    if exit_reason is None:
        raise ValidationError({"exit_reason": _("Choose the reason for leaving.")})
    with acting_as(actor), transaction.atomic():
        enrolment.status = Enrolment.Status.EXITED
        enrolment.exit_date = exit_date
        enrolment.exit_reason = exit_reason
        enrolment.save(update_fields=["status", "exit_date", "exit_reason"])
        events.exited(enrolment, actor)
    return enrolment


def enrolment_suspend(*, actor, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """Pause a person's taking part (illness, a stay elsewhere) without ending it."""
    if not policy.can_manage_enrolment(actor, enrolment):
        raise PermissionDenied
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(_("Only a person who is taking part can be suspended."))
    if len(reason or "") > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    with acting_as(actor), transaction.atomic():
        enrolment.status = Enrolment.Status.SUSPENDED
        enrolment.save(update_fields=["status"])
        events.enrolment_suspended(enrolment, actor, reason=(reason or "").strip())
    return enrolment


def enrolment_resume(*, actor, enrolment: Enrolment) -> Enrolment:
    if not policy.can_manage_enrolment(actor, enrolment):
        raise PermissionDenied
    if enrolment.status != Enrolment.Status.SUSPENDED:
        raise ValidationError(_("Only a suspended participation can be resumed."))
    with acting_as(actor), transaction.atomic():
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.save(update_fields=["status"])
        events.enrolment_resumed(enrolment, actor)
    return enrolment


def programme_save(
    *,
    actor,
    programme: Programme,
    partners,
    coordinators,
    target_groups,
    targets: dict[str, int | None],
    budget_lines: list[dict] | None = None,
    cohorts: list[dict] | None = None,
) -> Programme:
    """Create or change a programme with its partners, coordinators, groups and targets.

    ``budget_lines`` (``{"id", "title", "amount"}``) and ``cohorts`` (``{"id", "name",
    "start_date"}``) are the complete new lists: rows with an id are changed, rows without one
    added, and rows left out removed. ``None`` leaves them as they are. Everything is checked
    first and written in one transaction, so bad input changes nothing.
    """
    if programme.pk:
        # The stored lead organisation decides who may edit: the form may already have put a
        # new value on the instance.
        stored_lead = (
            Programme.objects.filter(pk=programme.pk)
            .values_list("lead_organisation_id", flat=True)
            .first()
        )
        if stored_lead is None or not policy.can_manage_programme(
            actor, Programme(lead_organisation_id=stored_lead)
        ):
            raise PermissionDenied
    elif not policy.can_manage_programme(actor, None):
        raise PermissionDenied
    lead_id = programme.lead_organisation_id
    if lead_id is not None and lead_id not in policy.org_ids(
        actor, Role.ORG_ADMIN, Role.COORDINATOR
    ):
        raise PermissionDenied
    partners = list(partners)
    coordinators = list(coordinators)
    target_groups = list(target_groups)
    errors: dict[str, list] = {}
    try:
        programme.full_clean(exclude=["partners", "coordinators", "target_groups"])
    except ValidationError as error:
        errors.update(error.update_error_dict({}))
    period_ok = bool(
        programme.start_date and programme.end_date and programme.start_date <= programme.end_date
    )
    if programme.pk and period_ok:
        outside = (
            Enrolment.objects.filter(programme_id=programme.pk)
            .filter(Q(entry_date__lt=programme.start_date) | Q(entry_date__gt=programme.end_date))
            .exists()
        )
        if outside:
            errors.setdefault("start_date", []).append(
                _(
                    "Some people entered the programme outside this period; the period must "
                    "include every entry date."
                )
            )
    current_partners = (
        set(programme.partners.values_list("pk", flat=True)) if programme.pk else set()
    )
    if any(not org.is_active and org.pk not in current_partners for org in partners):
        errors.setdefault("partners", []).append(
            _("An organisation that is no longer active cannot become a partner.")
        )
    if any(org.pk == programme.lead_organisation_id for org in partners):
        errors.setdefault("partners", []).append(
            _("The lead organisation cannot also be a partner.")
        )
    allowed_orgs = {programme.lead_organisation_id} | {org.pk for org in partners}
    eligible = set(
        Membership.objects.filter(
            user__in=coordinators,
            organisation__in=allowed_orgs,
            role=Role.COORDINATOR,
            is_active=True,
            organisation__is_active=True,
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )
    strangers = [user for user in coordinators if user.pk not in eligible]
    if strangers:
        errors.setdefault("coordinators", []).append(
            _(
                "Only coordinators of the lead or a partner organisation can coordinate the "
                "programme: %(names)s."
            )
            % {"names": ", ".join(user.get_full_name() or user.username for user in strangers)}
        )
    for metric, value in targets.items():
        if metric not in Target.Metric.values:
            raise ValueError(f"Unknown target metric {metric!r}")
        if value is not None and (not isinstance(value, int) or value < 1):
            errors.setdefault(f"target_{metric}", []).append(
                _("A target must be a whole number greater than zero.")
            )
    if budget_lines is not None:
        _check_budget_lines(programme, budget_lines, errors)
    if cohorts is not None:
        _check_cohorts(programme, cohorts, errors, period_ok=period_ok)
    if errors:
        raise ValidationError(errors)
    with acting_as(actor), transaction.atomic():
        programme.save()
        programme.partners.set(partners)
        programme.coordinators.set(coordinators)
        programme.target_groups.set(target_groups)
        for metric, value in targets.items():
            if value:
                programme.targets.update_or_create(metric=metric, defaults={"value": value})
            else:
                programme.targets.filter(metric=metric).delete()
        if budget_lines is not None:
            _budget_lines_save(programme, budget_lines)
        if cohorts is not None:
            _cohorts_save(programme, cohorts)
    return programme


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _check_budget_lines(programme: Programme, rows: list[dict], errors: dict) -> None:
    known = set(programme.budget_lines.values_list("pk", flat=True)) if programme.pk else set()
    for row in rows:
        title = (row.get("title") or "").strip()
        amount = row.get("amount")
        if row.get("id") and row["id"] not in known:
            errors.setdefault("budget_lines", []).append(
                _("A budget line belongs to another programme.")
            )
        if not title:
            errors.setdefault("budget_lines", []).append(_("Every budget line needs a title."))
        value = _decimal(amount)
        if value is None:
            errors.setdefault("budget_lines", []).append(
                _("Budget line “%(title)s”: enter the amount in euros.") % {"title": title}
            )
        elif value < 0:
            errors.setdefault("budget_lines", []).append(
                _("Budget line “%(title)s”: the amount cannot be negative.") % {"title": title}
            )


def _check_cohorts(
    programme: Programme, rows: list[dict], errors: dict, *, period_ok: bool
) -> None:
    known = set(programme.cohorts.values_list("pk", flat=True)) if programme.pk else set()
    kept = {row["id"] for row in rows if row.get("id")}
    if programme.pk:
        removed_in_use = (
            Cohort.objects.filter(programme_id=programme.pk)
            .exclude(pk__in=kept)
            .filter(enrolment__isnull=False)
            .distinct()
        )
        for cohort in removed_in_use:
            errors.setdefault("cohorts", []).append(
                _("Cohort “%(name)s” has enrolled people and cannot be removed.")
                % {"name": cohort.name}
            )
    seen: set[str] = set()
    for row in rows:
        name = (row.get("name") or "").strip()
        start = row.get("start_date")
        if row.get("id") and row["id"] not in known:
            errors.setdefault("cohorts", []).append(_("A cohort belongs to another programme."))
        if not name:
            errors.setdefault("cohorts", []).append(_("Every cohort needs a name."))
        elif name.casefold() in seen:
            errors.setdefault("cohorts", []).append(
                _("There are two cohorts named “%(name)s”.") % {"name": name}
            )
        seen.add(name.casefold())
        if start is None:
            errors.setdefault("cohorts", []).append(
                _("Cohort “%(name)s”: enter the start date.") % {"name": name}
            )
        elif period_ok and not (programme.start_date <= start <= programme.end_date):
            errors.setdefault("cohorts", []).append(
                _(
                    "Cohort “%(name)s”: the start date must fall within the programme period "
                    "(%(start)s – %(end)s)."
                )
                % {"name": name, "start": programme.start_date, "end": programme.end_date}
            )


def _budget_lines_save(programme: Programme, rows: list[dict]) -> None:
    """Make the programme's budget lines the given rows (checked by programme_save)."""
    kept = {row["id"] for row in rows if row.get("id")}
    BudgetLine.objects.filter(programme=programme).exclude(pk__in=kept).delete()
    current = {line.pk: line for line in BudgetLine.objects.filter(programme=programme)}
    for row in rows:
        row_id = row.get("id")
        line = (current.get(row_id) if row_id is not None else None) or BudgetLine(
            programme=programme
        )
        title, amount = row["title"].strip(), _decimal(row["amount"])
        assert amount is not None, "programme_save checks the amounts first"
        if line.pk and line.title == title and line.amount == amount:
            continue
        line.title, line.amount = title, amount
        line.save()


def _cohorts_save(programme: Programme, rows: list[dict]) -> None:
    """Make the programme's cohorts the given rows (checked by programme_save)."""
    kept = {row["id"] for row in rows if row.get("id")}
    Cohort.objects.filter(programme=programme).exclude(pk__in=kept).delete()
    current = {cohort.pk: cohort for cohort in Cohort.objects.filter(programme=programme)}
    # Renames may swap names between cohorts; clear the changed ones first so the unique
    # name constraint never sees two rows with one name halfway through.
    changed = [
        c
        for c in current.values()
        for row in rows
        if row.get("id") == c.pk and c.name != row["name"].strip()
    ]
    for cohort in changed:
        cohort.name = f"~{cohort.pk}"
        cohort.save(update_fields=["name"])
    for row in rows:
        row_id = row.get("id")
        cohort = (current.get(row_id) if row_id is not None else None) or Cohort(
            programme=programme
        )
        name, start = row["name"].strip(), row["start_date"]
        if cohort.pk and cohort.name == name and cohort.start_date == start:
            continue
        cohort.name, cohort.start_date = name, start
        cohort.save()
