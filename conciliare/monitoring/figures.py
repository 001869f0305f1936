"""The money and the results of each funded project, summed by the database:
one query for any number of projects (each figure a correlated subquery, so
that no join multiplies another's rows).

``project_figures_annotate(projects)`` adds to each project:

- ``grant``: the agreement's grant (the plan's public funding before it);
- ``declared``: the expenses of the statements sent to the ATS (submitted,
  checked or returned for changes);
- ``eligible``: the eligible amounts of the checked statements;
- ``paid``, ``recovered``: the payments and the money given back;
- ``recovery_due``: what the revocation and the balance asked back, and
  ``to_recover``: what of it is still to be given back;
- ``reached``: the beneficiaries of the latest accepted report;
- ``reports_late``: reports sent late or overdue, and deadlines past due
  without a report;
- ``next_deadline``: the first report deadline still to be met.

Stable names: the dashboards read them too.
"""

from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DateField,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from conciliare.monitoring.models import (
    Expense,
    MonitoringReport,
    Payment,
    Recovery,
    ReportReach,
    ReportStatus,
    Revocation,
    StatementStatus,
)
from conciliare.plans.models import Agreement, AgreementDeadline
from conciliare.projects.models import Project

MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)
#: Statements whose expenses count as declared.
DECLARED_STATUSES = (
    StatementStatus.SUBMITTED,
    StatementStatus.CHECKED,
    StatementStatus.CHANGES_REQUESTED,
)
#: Reports that met their deadline once sent.
SENT_STATUSES = (
    ReportStatus.SUBMITTED,
    ReportStatus.ACCEPTED,
    ReportStatus.CHANGES_REQUESTED,
)
_ZERO = Value(Decimal("0.00"), output_field=MONEY)


def _total(queryset: QuerySet[Any], group: str, field: str) -> Coalesce:
    """The sum of ``field`` over ``queryset`` (already filtered by the outer
    project), 0 when there are no rows."""
    summed = (
        queryset.order_by()
        .values(group)
        .annotate(total=Sum(field, output_field=MONEY))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=MONEY), _ZERO, output_field=MONEY)


def _count(queryset: QuerySet[Any], group: str) -> Coalesce:
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(
        Subquery(counted, output_field=IntegerField()),
        Value(0),
        output_field=IntegerField(),
    )


#: The names ``project_figures_annotate`` adds.
FIGURES = (
    "grant",
    "declared",
    "eligible",
    "paid",
    "recovered",
    "recovery_due",
    "reached",
    "reports_late",
    "next_deadline",
    "to_recover",
)


def project_figures_annotate(queryset: QuerySet[Project]) -> QuerySet[Project]:
    """``queryset`` with the figures above as annotations (Decimal amounts,
    integer counts, a date or None for ``next_deadline``)."""
    project = OuterRef("pk")
    today = timezone.localdate()
    agreement_grant = Agreement.objects.filter(project=project).values("grant")[:1]
    latest_accepted = (
        MonitoringReport.objects.filter(
            project=OuterRef(OuterRef("pk")), status=ReportStatus.ACCEPTED
        )
        .order_by("-period_end", "-pk")
        .values("pk")[:1]
    )
    reached = (
        ReportReach.objects.filter(report=Subquery(latest_accepted))
        .order_by()
        .values("report")
        .annotate(total=Sum("reached"))
        .values("total")
    )
    late_reports = MonitoringReport.objects.filter(
        Q(submitted_at__isnull=True, due_on__lt=today)
        | Q(submitted_at__date__gt=F("due_on")),
        project=project,
        due_on__isnull=False,
    )
    missed_deadlines = AgreementDeadline.objects.filter(
        agreement__project=project, due_on__lt=today, report__isnull=True
    )
    next_deadline = (
        AgreementDeadline.objects.filter(agreement__project=project)
        .exclude(report__status__in=SENT_STATUSES)
        .order_by("due_on", "pk")
        .values("due_on")[:1]
    )
    return queryset.annotate(
        grant=Coalesce(
            Subquery(agreement_grant, output_field=MONEY),
            F("public_funding"),
            _ZERO,
            output_field=MONEY,
        ),
        declared=_total(
            Expense.objects.filter(
                statement__project=project, statement__status__in=DECLARED_STATUSES
            ),
            "statement__project",
            "amount",
        ),
        eligible=_total(
            Expense.objects.filter(
                statement__project=project,
                statement__status=StatementStatus.CHECKED,
            ),
            "statement__project",
            "eligible_amount",
        ),
        paid=_total(Payment.objects.filter(project=project), "project", "amount"),
        recovered=_total(Recovery.objects.filter(project=project), "project", "amount"),
        recovery_due=Coalesce(
            Subquery(
                Revocation.objects.filter(project=project).values("amount_to_recover")[
                    :1
                ],
                output_field=MONEY,
            ),
            _ZERO,
            output_field=MONEY,
        )
        + _total(Payment.objects.filter(project=project), "project", "recovery_due"),
        reached=Coalesce(
            Subquery(reached, output_field=IntegerField()),
            Value(0),
            output_field=IntegerField(),
        ),
        reports_late=_count(late_reports, "project")
        + _count(missed_deadlines, "agreement__project"),
        next_deadline=Subquery(next_deadline, output_field=DateField()),
    ).annotate(to_recover=F("recovery_due") - F("recovered"))
