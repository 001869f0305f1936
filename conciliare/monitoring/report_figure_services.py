"""The figures of a monitoring report, cumulative since the start of the
project: the beneficiaries reached (by type, area and gender) and the values
of the application's indicators. A new report starts from the application's
indicators and target groups, or from the figures of the last accepted
report; the lead body then saves them while it may change the report."""

from decimal import Decimal
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.applications.models import BeneficiaryKind
from conciliare.audit.services import event_record
from conciliare.monitoring.models import (
    MonitoringReport,
    ReportIndicatorValue,
    ReportReach,
)
from conciliare.monitoring.report_locks import (
    report_lock_for_edit,
    report_version_bump,
)
from conciliare.projects.models import Project
from conciliare.territory.models import InterventionArea


class ReachRow(TypedDict):
    kind: str
    area: InterventionArea | None
    reached: int
    women: int | None
    men: int | None


class IndicatorValueRow(TypedDict):
    pk: int
    value: Decimal | None
    note: str


# -- a new report's figures ----------------------------------------------------


def report_figures_from_application(report: MonitoringReport, project: Project) -> None:
    """The application's indicators (no value yet) and target groups."""
    application = project.application
    if application is None:
        return
    ReportIndicatorValue.objects.bulk_create(
        ReportIndicatorValue(
            report=report,
            indicator=indicator,
            name=indicator.name,
            unit=indicator.unit,
            baseline=indicator.baseline,
            target=indicator.target,
        )
        for indicator in application.indicators.order_by("pk")
    )
    ReportReach.objects.bulk_create(
        ReportReach(report=report, kind=kind, reached=0)
        for kind in application.target_groups.order_by("kind")
        .values_list("kind", flat=True)
        .distinct()
    )


def report_figures_from_report(
    report: MonitoringReport, previous: MonitoringReport
) -> None:
    """The figures are cumulative: the new report starts from the last ones."""
    ReportIndicatorValue.objects.bulk_create(
        ReportIndicatorValue(
            report=report,
            indicator_id=row.indicator_id,
            name=row.name,
            unit=row.unit,
            baseline=row.baseline,
            target=row.target,
            value=row.value,
            note=row.note,
        )
        for row in previous.indicator_values.order_by("pk")
    )
    ReportReach.objects.bulk_create(
        ReportReach(
            report=report,
            kind=row.kind,
            area_id=row.area_id,
            reached=row.reached,
            women=row.women,
            men=row.men,
        )
        for row in previous.reach.order_by("kind", "area", "pk")
    )


# -- the lead body's saves ------------------------------------------------------


def _reach_label(kind: str, area: Any, reached: int, women: Any, men: Any) -> str:
    label = f"{BeneficiaryKind(kind).label}"
    if area is not None:
        label += f" ({area})"
    label += f": {reached}"
    if women is not None or men is not None:
        label += f" [{women if women is not None else '-'} F, "
        label += f"{men if men is not None else '-'} M]"
    return label


@transaction.atomic
def report_reach_save(
    *, actor: User, report: MonitoringReport, rows: list[ReachRow]
) -> MonitoringReport:
    """Replace the beneficiaries reached: one row per type and area (or
    without area), the gender split within the total.
    Raises PermissionDenied, ApplicationError or ValidationError."""
    report = report_lock_for_edit(actor=actor, report=report)
    area_ids = set(
        InterventionArea.objects.filter(period_id=report.project.period_id).values_list(
            "pk", flat=True
        )
    )
    errors: list[str] = []
    seen: set[tuple[str, int | None]] = set()
    new_rows: list[ReportReach] = []
    for number, row in enumerate(rows, start=1):
        kind, area = row.get("kind"), row.get("area")
        reached, women, men = row.get("reached"), row.get("women"), row.get("men")
        area_id: int | None = area.pk if isinstance(area, InterventionArea) else area
        row_errors = _reach_row_errors(kind, area_id, area_ids, reached, women, men)
        errors.extend(
            _("Riga %(number)s: %(error)s") % {"number": number, "error": error}
            for error in row_errors
        )
        if row_errors:
            continue
        key = (str(kind), area_id)
        if key in seen:
            errors.append(
                _(
                    "Riga %(number)s: i %(kind)s di quest'area sono già indicati in "
                    "un'altra riga."
                )
                % {"number": number, "kind": BeneficiaryKind(str(kind)).label.lower()}
            )
            continue
        seen.add(key)
        new_rows.append(
            ReportReach(
                report=report,
                kind=str(kind),
                area_id=area_id,
                reached=int(reached or 0),
                women=women,
                men=men,
            )
        )
    if errors:
        raise ValidationError(errors)
    before = [
        _reach_label(r.kind, r.area, r.reached, r.women, r.men)
        for r in report.reach.select_related("area").order_by("kind", "area", "pk")
    ]
    report.reach.all().delete()
    ReportReach.objects.bulk_create(new_rows)
    after = [
        _reach_label(r.kind, r.area if r.area_id else None, r.reached, r.women, r.men)
        for r in report.reach.select_related("area").order_by("kind", "area", "pk")
    ]
    if before != after:
        report_version_bump(report)
        event_record(
            actor=actor,
            verb="report.reach_save",
            target=report,
            changes={"reach": ["; ".join(before), "; ".join(after)]},
        )
    return report


def _reach_row_errors(
    kind: Any,
    area_id: Any,
    area_ids: set[int],
    reached: Any,
    women: Any,
    men: Any,
) -> list[str]:
    errors: list[str] = []
    if kind not in BeneficiaryKind.values:
        errors.append(_("scegliere il tipo di destinatari."))
    if area_id is not None and area_id not in area_ids:
        errors.append(
            _("l'area di intervento non è tra quelle del periodo del progetto.")
        )
    if reached is None or reached < 0:
        errors.append(_("indicare quanti destinatari sono stati raggiunti."))
        return errors
    if any(value is not None and value < 0 for value in (women, men)):
        errors.append(_("donne e uomini non possono essere negativi."))
    elif (women or 0) + (men or 0) > reached:
        errors.append(
            _("donne e uomini (%(split)s) superano i raggiunti (%(reached)s).")
            % {"split": (women or 0) + (men or 0), "reached": reached}
        )
    return errors


@transaction.atomic
def report_indicators_save(
    *, actor: User, report: MonitoringReport, values: list[IndicatorValueRow]
) -> MonitoringReport:
    """Record the value reached (and a note) of the report's own indicators.
    Raises PermissionDenied, ApplicationError or ValidationError."""
    report = report_lock_for_edit(actor=actor, report=report)
    rows = {row.pk: row for row in report.indicator_values.all()}
    changed: list[ReportIndicatorValue] = []
    changes: dict[str, list[Any]] = {}
    for item in values:
        row = rows.get(item["pk"])
        if row is None:
            raise ValidationError(
                _("Uno degli indicatori non appartiene a questa relazione.")
            )
        value = item.get("value")
        note = (item.get("note") or "").strip()
        if row.value == value and row.note == note:
            continue
        changes[row.name] = [
            None if row.value is None else str(row.value),
            None if value is None else str(value),
        ]
        row.value, row.note = value, note
        changed.append(row)
    if not changed:
        return report
    ReportIndicatorValue.objects.bulk_update(changed, ["value", "note"])
    report_version_bump(report)
    event_record(
        actor=actor, verb="report.indicators_save", target=report, changes=changes
    )
    return report
