"""The reads of the monitoring datasets, for published projects only (see
``selectors.published_projects``), each one query streamed in chunks:

- the money movements: every payment, every recovery (as a negative
  amount) and the revocation, by project and date;
- the latest accepted report of each project: its beneficiaries reached
  (one row per kind and area, as reported) and its indicators;
- the sums the projects dataset adds (paid, recovered, eligible)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    DateField,
    DecimalField,
    F,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from conciliare.applications.models import BeneficiaryKind
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    MonitoringReport,
    Payment,
    PaymentKind,
    Recovery,
    ReportIndicatorValue,
    ReportReach,
    ReportStatus,
    Revocation,
    StatementStatus,
)
from conciliare.opendata.selectors import published_projects
from conciliare.projects.models import Project

MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)
#: The kinds of movement, in the order a day lists them.
PAYMENT, RECOVERY, REVOCATION = "payment", "recovery", "revocation"

_NO_TEXT = Value("", output_field=CharField())
_NO_DATE = Value(None, output_field=DateField())
_NO_MONEY = Value(None, output_field=MONEY)
_NO_COUNT = Value(None, output_field=IntegerField())
_NO_AREA = 10**6


def _published_ids() -> QuerySet[Project, Any]:
    return published_projects().values("pk")


def _project_columns(path: str) -> dict[str, Any]:
    """The project's columns of a movement or a report row (``path`` leads
    from the row to the project)."""
    return {
        "code": F(f"{path}__code"),
        "ats_code": F(f"{path}__ats__code"),
        "period_slug": F(f"{path}__period__slug"),
        "period_name": F(f"{path}__period__name"),
        "period_start": F(f"{path}__period__starts_on"),
    }


def _columns(queryset: QuerySet[Any], names: tuple[str, ...], **columns: Any) -> Any:
    """``queryset`` reduced to ``columns`` in the order of ``names`` (every
    column an annotation whose name no model has, so that the parts of a
    union line up)."""
    if set(columns) != set(names):
        raise ValueError(sorted(set(columns) ^ set(names)))
    return (
        queryset.order_by()
        .annotate(**{name: columns[name] for name in names})
        .values(*names)
    )


MOVEMENT_FIELDS = (
    "code",
    "ats_code",
    "period_slug",
    "period_name",
    "period_start",
    "beneficiary",
    "movement",
    "payment_kind",
    "day",
    "signed_amount",
    "to_recover",
    "act_ref",
    "act_day",
    "receipt_ref",
    "sequence",
    "row_id",
)


def movement_rows_open() -> QuerySet[Any]:
    """Payments, recoveries and revocations of the published projects, as
    dicts with ``MOVEMENT_FIELDS``: newest period first, then ATS, project,
    date; on one day the payments (advance, interim, balance), then the
    recoveries, then the revocation."""
    ids = _published_ids()
    common = {
        **_project_columns("project"),
        "beneficiary": F("project__alliance__lead__legal_name"),
    }
    payments = _columns(
        Payment.objects.filter(project__in=ids),
        MOVEMENT_FIELDS,
        **common,
        movement=Value(PAYMENT, output_field=CharField()),
        payment_kind=F("kind"),
        day=F("paid_on"),
        signed_amount=Cast("amount", MONEY),
        to_recover=Case(
            When(recovery_due__gt=0, then=Cast("recovery_due", MONEY)),
            default=_NO_MONEY,
            output_field=MONEY,
        ),
        act_ref=F("act_number"),
        act_day=F("act_date"),
        receipt_ref=_NO_TEXT,
        sequence=Case(
            *(
                When(kind=kind, then=Value(position))
                for position, kind in enumerate(PaymentKind.values)
            ),
            output_field=IntegerField(),
        ),
        row_id=F("pk"),
    )
    recoveries = _columns(
        Recovery.objects.filter(project__in=ids),
        MOVEMENT_FIELDS,
        **common,
        movement=Value(RECOVERY, output_field=CharField()),
        payment_kind=_NO_TEXT,
        day=F("received_on"),
        signed_amount=Cast(-F("amount"), MONEY),
        to_recover=_NO_MONEY,
        act_ref=_NO_TEXT,
        act_day=_NO_DATE,
        receipt_ref=F("reference"),
        sequence=Value(len(PaymentKind.values), output_field=IntegerField()),
        row_id=F("pk"),
    )
    revocations = _columns(
        Revocation.objects.filter(project__in=ids),
        MOVEMENT_FIELDS,
        **common,
        movement=Value(REVOCATION, output_field=CharField()),
        payment_kind=_NO_TEXT,
        day=F("act_date"),
        signed_amount=_NO_MONEY,
        to_recover=Cast("amount_to_recover", MONEY),
        act_ref=F("act_number"),
        act_day=F("act_date"),
        receipt_ref=_NO_TEXT,
        sequence=Value(len(PaymentKind.values) + 1, output_field=IntegerField()),
        row_id=F("pk"),
    )
    union: QuerySet[Any] = payments.union(recoveries, revocations, all=True)
    return union.order_by(
        "-period_start", "ats_code", "code", "day", "sequence", "row_id"
    )


def _latest_accepted(project_path: str) -> Subquery:
    return Subquery(
        MonitoringReport.objects.filter(
            project=OuterRef(project_path), status=ReportStatus.ACCEPTED
        )
        .order_by("-period_end", "-pk")
        .values("pk")[:1]
    )


INDICATOR_FIELDS = (
    "code",
    "ats_code",
    "period_slug",
    "period_name",
    "period_start",
    "report_kind",
    "reported_until",
    "sequence",
    "reach_kind",
    "kind_order",
    "area_number",
    "area_order",
    "area_name",
    "indicator_ref",
    "row_id",
    "indicator_name",
    "indicator_unit",
    "base_value",
    "target_value",
    "realised",
    "women_count",
    "men_count",
)


def indicator_rows_open() -> QuerySet[Any]:
    """The latest accepted report of each published project: its reach
    rows (by kind in the usual order, then area), then its indicators, as
    dicts with ``INDICATOR_FIELDS``."""
    ids = _published_ids()
    report = {
        **_project_columns("report__project"),
        "report_kind": F("report__kind"),
        "reported_until": F("report__period_end"),
    }
    kind_order = Case(
        *(
            When(kind=kind, then=Value(position))
            for position, kind in enumerate(BeneficiaryKind.values)
        ),
        default=Value(len(BeneficiaryKind.values)),
        output_field=IntegerField(),
    )
    reach = _columns(
        ReportReach.objects.filter(
            report__project__in=ids, report=_latest_accepted("report__project")
        ),
        INDICATOR_FIELDS,
        **report,
        sequence=Value(1, output_field=IntegerField()),
        reach_kind=F("kind"),
        kind_order=kind_order,
        area_number=F("area__number"),
        # rows without an area after the areas, on every database
        area_order=Coalesce(
            F("area__number"), Value(_NO_AREA), output_field=IntegerField()
        ),
        area_name=F("area__name"),
        indicator_ref=_NO_COUNT,
        row_id=F("pk"),
        indicator_name=_NO_TEXT,
        indicator_unit=_NO_TEXT,
        base_value=_NO_MONEY,
        target_value=_NO_MONEY,
        realised=Cast("reached", MONEY),
        women_count=F("women"),
        men_count=F("men"),
    )
    indicators = _columns(
        ReportIndicatorValue.objects.filter(
            report__project__in=ids, report=_latest_accepted("report__project")
        ),
        INDICATOR_FIELDS,
        **report,
        sequence=Value(2, output_field=IntegerField()),
        reach_kind=_NO_TEXT,
        kind_order=Value(0, output_field=IntegerField()),
        area_number=_NO_COUNT,
        area_order=Value(0, output_field=IntegerField()),
        area_name=_NO_TEXT,
        indicator_ref=F("indicator_id"),
        row_id=F("pk"),
        indicator_name=F("name"),
        indicator_unit=F("unit"),
        base_value=Cast("baseline", MONEY),
        target_value=Cast("target", MONEY),
        realised=Cast("value", MONEY),
        women_count=_NO_COUNT,
        men_count=_NO_COUNT,
    )
    union: QuerySet[Any] = reach.union(indicators, all=True)
    return union.order_by(
        "-period_start",
        "ats_code",
        "code",
        "sequence",
        "kind_order",
        "area_order",
        "row_id",
    )


def money_annotate(projects: QuerySet[Project]) -> QuerySet[Project]:
    """``projects`` with ``paid_total``, ``recovered_total`` and
    ``eligible_total`` (the eligible amounts of the checked statements)."""
    project = OuterRef("pk")
    return projects.annotate(
        paid_total=_sum_of(Payment.objects.filter(project=project), "project"),
        recovered_total=_sum_of(Recovery.objects.filter(project=project), "project"),
        eligible_total=_sum_of(
            Expense.objects.filter(
                statement__project=project,
                statement__status=StatementStatus.CHECKED,
            ),
            "statement__project",
            field="eligible_amount",
        ),
    )


def _sum_of(queryset: QuerySet[Any], group: str, field: str = "amount") -> Coalesce:
    summed = (
        queryset.order_by()
        .values(group)
        .annotate(total=Sum(field, output_field=MONEY))
        .values("total")
    )
    return Coalesce(
        Subquery(summed, output_field=MONEY), Value(Decimal(0)), output_field=MONEY
    )


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _latest(*moments: datetime | None) -> date | None:
    return _day(max((m for m in moments if m is not None), default=None))


def movements_modified() -> date | None:
    ids = _published_ids()
    return _latest(
        *(
            model.objects.filter(project__in=ids).aggregate(last=Max("updated_at"))[
                "last"
            ]
            for model in (Payment, Recovery, Revocation)
        )
    )


def indicators_modified() -> date | None:
    return _latest(
        MonitoringReport.objects.filter(project__in=_published_ids()).aggregate(
            last=Max("updated_at")
        )["last"]
    )


def statements_modified() -> date | None:
    return _latest(
        ExpenditureStatement.objects.filter(project__in=_published_ids()).aggregate(
            last=Max("updated_at")
        )["last"]
    )
