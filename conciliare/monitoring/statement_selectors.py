"""Reads of the expenditure statements: who sees which (agrees with
``monitoring.view_project``), the expenses of a statement in one query, the
organisations that may bear an expense, and the totals declared and
eligible (overall, by partner, by budget line) summed by the database."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.applications.models import BudgetCategory
from conciliare.audit.models import AuditEvent
from conciliare.core.money import cents
from conciliare.monitoring.figures import DECLARED_STATUSES
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    ExpenseCheck,
    StatementStatus,
)
from conciliare.partnerships.models import Partner
from conciliare.projects.models import Project
from conciliare.registry.models import Organisation

_MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)
_ZERO = Value(Decimal("0.00"), output_field=_MONEY)


def _statements() -> QuerySet[ExpenditureStatement]:
    return ExpenditureStatement.objects.select_related(
        "project__alliance__lead",
        "project__agreement__plan_version__plan",
        "project__period",
        "ats",
        "submitted_by",
        "checked_by",
        "sampled_by",
        "created_by",
    )


def statement_visible_to(user: Any) -> QuerySet[ExpenditureStatement]:
    """Every statement ``user`` may read: the Region all, the ATS's officers
    and committee members their ATS's, the lead body's representatives
    their own projects'; nobody else any (partners included)."""
    statements = _statements()
    if user is None or not getattr(user, "is_authenticated", False):
        return statements.none()
    if is_regional_officer(user):
        return statements
    return statements.filter(
        Q(ats_id__in=ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER))
        | Q(project__alliance__lead_id__in=organisation_ids_of(user))
    )


def statement_get_for_user(*, user: Any, code: str, pk: int) -> ExpenditureStatement:
    """The statement of project ``code``, or 404 alike for a missing one and
    a forbidden one."""
    return get_object_or_404(statement_visible_to(user), pk=pk, project__code=code)


def expense_list(statement: ExpenditureStatement) -> QuerySet[Expense]:
    """The statement's expenses in the order they were entered, with what
    their rows show."""
    return (
        Expense.objects.filter(statement=statement)
        .select_related("organisation", "document", "checked_by")
        .order_by("pk")
    )


def statement_organisations(project: Project) -> QuerySet[Organisation]:
    """The organisations that may bear an expense of ``project``: the lead
    body and the alliance's current partners."""
    partners = Partner.objects.filter(
        alliance_id=project.alliance_id, left_on__isnull=True
    ).values("organisation_id")
    return Organisation.objects.filter(
        Q(pk=project.alliance.lead_id) | Q(pk__in=partners)
    ).order_by("legal_name", "pk")


def statement_events(
    statement: ExpenditureStatement, expense_ids: list[int]
) -> QuerySet[AuditEvent]:
    """The history of the statement and of its expenses' checks, newest
    first (one query)."""
    statement_type = ContentType.objects.get_for_model(ExpenditureStatement)
    expense_type = ContentType.objects.get_for_model(Expense)
    return AuditEvent.objects.filter(
        Q(content_type=statement_type, object_id=str(statement.pk))
        | Q(
            content_type=expense_type,
            object_id__in=[str(pk) for pk in expense_ids],
        )
    ).select_related("actor")


# -- totals ----------------------------------------------------------------------


@dataclass(frozen=True)
class TotalRow:
    """The expenses of one partner or one budget line."""

    label: str
    count: int
    declared: Decimal
    eligible: Decimal


@dataclass(frozen=True)
class StatementTotals:
    count: int
    declared: Decimal
    #: The eligible amounts of the expenses already checked.
    eligible: Decimal
    #: Expenses still to check.
    pending: int
    by_partner: list[TotalRow]
    by_category: list[TotalRow]


def _sums(eligible_filter: Q) -> dict[str, Any]:
    return {
        "count": Count("pk"),
        "declared": Coalesce(Sum("amount"), _ZERO, output_field=_MONEY),
        "eligible": Coalesce(
            Sum("eligible_amount", filter=eligible_filter), _ZERO, output_field=_MONEY
        ),
        "pending": Count("pk", filter=Q(check_status=ExpenseCheck.PENDING)),
    }


def _totals(expenses: QuerySet[Expense], eligible_filter: Q) -> StatementTotals:
    """Three queries, whatever the number of expenses."""
    sums = _sums(eligible_filter)
    overall = expenses.order_by().aggregate(**sums)
    by_partner = (
        expenses.order_by()
        .values("organisation_id", "organisation__legal_name")
        .annotate(**sums)
        .order_by("organisation__legal_name", "organisation_id")
    )
    by_category = (
        expenses.order_by().values("category").annotate(**sums).order_by("category")
    )
    labels = dict(BudgetCategory.choices)
    return StatementTotals(
        count=overall["count"],
        declared=cents(overall["declared"]),
        eligible=cents(overall["eligible"]),
        pending=overall["pending"],
        by_partner=[
            TotalRow(
                label=row["organisation__legal_name"],
                count=row["count"],
                declared=cents(row["declared"]),
                eligible=cents(row["eligible"]),
            )
            for row in by_partner
        ],
        by_category=[
            TotalRow(
                label=str(labels.get(row["category"], row["category"])),
                count=row["count"],
                declared=cents(row["declared"]),
                eligible=cents(row["eligible"]),
            )
            for row in by_category
        ],
    )


def statement_totals(statement: ExpenditureStatement) -> StatementTotals:
    """What the statement declares, what of it was found eligible so far
    (the checked expenses), how many expenses are still to check."""
    return _totals(
        Expense.objects.filter(statement=statement),
        ~Q(check_status=ExpenseCheck.PENDING),
    )


def statement_totals_for_project(project: Project) -> StatementTotals:
    """The project's statements together: declared, the expenses of the
    statements sent to the ATS; eligible, those of the checked statements
    (as the project's figures count them)."""
    return _totals(
        Expense.objects.filter(
            statement__project=project, statement__status__in=DECLARED_STATUSES
        ),
        Q(statement__status=StatementStatus.CHECKED),
    )
