"""Reads of the officers of an ATS and of the Region over the applications a
call has received: one row per application with the figures of its valid
submission (or of its last one, when it was withdrawn)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from conciliare.applications.models import Application, ApplicationStatus, Submission
from conciliare.applications.selectors import (
    application_list_for_call,
    call_totals_by_area,
)
from conciliare.calls.models import Call
from conciliare.core.money import share_of

#: The columns a row of the officers' list and of the export reads.
RECEIVED_FIELDS = (
    "pk",
    "status",
    "title",
    "alliance__name",
    "alliance__lead__legal_name",
    "alliance__lead__tax_code",
    "shown_protocol_number",
    "shown_submitted_at",
    "shown_total_cost",
    "shown_grant_requested",
)


#: The figures of the submission a row shows.
_SHOWN_FIELDS = ("protocol_number", "submitted_at", "total_cost", "grant_requested")


@dataclass(frozen=True)
class ReceivedApplication:
    """An application as the officers list it: what its valid (or last)
    submission stated."""

    pk: int
    status: str
    title: str
    alliance: str
    lead: str
    lead_tax_code: str
    protocol_number: str
    submitted_at: datetime
    total_cost: Decimal
    grant_requested: Decimal

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> "ReceivedApplication":
        return cls(
            pk=values["pk"],
            status=values["status"],
            title=values["title"],
            alliance=values["alliance__name"],
            lead=values["alliance__lead__legal_name"],
            lead_tax_code=values["alliance__lead__tax_code"],
            protocol_number=values["shown_protocol_number"],
            submitted_at=values["shown_submitted_at"],
            total_cost=values["shown_total_cost"],
            grant_requested=values["shown_grant_requested"],
        )

    @property
    def status_label(self) -> str:
        return str(ApplicationStatus(self.status).label)

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ApplicationStatus.WITHDRAWN

    @property
    def cofinancing(self) -> Decimal:
        return self.total_cost - self.grant_requested

    @property
    def cofinancing_share(self) -> Decimal:
        """Percentage of the total cost (30 = 30%), exact."""
        return share_of(self.cofinancing, self.total_cost)


def received_application_list(*, call: Call) -> "QuerySet[Application, dict[str, Any]]":
    """The applications ``call`` has received, in the order they were
    submitted, as the values of ``RECEIVED_FIELDS`` (one query; wrap each
    in ``ReceivedApplication.from_values``).

    The figures are the valid submission's, joined; only a withdrawn
    application (no valid submission) looks up its last one: PostgreSQL's
    COALESCE does not evaluate the subquery when the join found a row."""
    shown = Submission.objects.filter(application=OuterRef("pk")).order_by(
        "-submitted_at", "-pk"
    )
    received: QuerySet[Application, dict[str, Any]] = (
        application_list_for_call(call=call)
        .select_related(None)
        .annotate(
            **{
                f"shown_{name}": Coalesce(
                    F(f"current_submission__{name}"),
                    Subquery(shown.values(name)[:1]),
                )
                for name in _SHOWN_FIELDS
            }
        )
        .values(*RECEIVED_FIELDS)
    )
    return received


def received_application_pks(*, call: Call) -> "QuerySet[Application, int]":
    """The pks of ``received_application_list``, in its order, without its
    joins: what the officers' list pages through (the page's rows are then
    read by ``received_application_page``)."""
    return (
        application_list_for_call(call=call)
        .select_related(None)
        .values_list("pk", flat=True)
    )


def received_application_page(
    *, call: Call, pks: Iterable[int]
) -> list[ReceivedApplication]:
    """The rows of the applications ``pks`` of ``call``, in that order: one
    plain query with the valid submission joined, and one more only when the
    page holds withdrawn applications (their last submission's figures)."""
    pks = list(pks)
    own_fields = [name for name in RECEIVED_FIELDS if not name.startswith("shown_")]
    page = Application.objects.filter(call=call, pk__in=pks).values(
        *own_fields,
        **{f"shown_{name}": F(f"current_submission__{name}") for name in _SHOWN_FIELDS},
    )
    found: dict[int, dict[str, Any]] = {values["pk"]: dict(values) for values in page}
    withdrawn = [
        pk for pk, values in found.items() if values["shown_protocol_number"] is None
    ]
    if withdrawn:
        for values in received_application_list(call=call).filter(pk__in=withdrawn):
            found[values["pk"]] = values
    return [ReceivedApplication.from_values(found[pk]) for pk in pks if pk in found]


def received_application_rows(
    applications: Iterable[dict[str, Any]],
) -> list[ReceivedApplication]:
    return [ReceivedApplication.from_values(values) for values in applications]


def submission_shown(*, application: Application) -> Submission | None:
    """The submission the officers read: the valid one, else the last one
    (the application was withdrawn); None for a draft never submitted."""
    if application.current_submission is not None:
        return application.current_submission
    return (
        Submission.objects.filter(application=application)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def submission_list_for_application(
    *, application: Application
) -> QuerySet[Submission]:
    """Every submission of ``application``, the first first, with who sent
    and who withdrew it (the snapshot is not loaded)."""
    return (
        Submission.objects.filter(application=application)
        .select_related("submitted_by", "withdrawn_by")
        .defer("snapshot")
        .order_by("submitted_at", "pk")
    )


ZERO = Decimal("0.00")


@dataclass(frozen=True)
class AreaTotals:
    """An intervention area the call admits, with the valid submissions
    that name it (an application naming two areas counts in both)."""

    number: int
    name: str
    application_count: int
    grant_requested: Decimal
    total_cost: Decimal


def area_totals_for_call(*, call: Call) -> list[AreaTotals]:
    """``selectors.call_totals_by_area`` as typed rows (one query)."""
    annotated: QuerySet[Any] = call_totals_by_area(call=call)
    areas = annotated.values(
        "number", "name", "application_count", "grant_requested", "total_cost"
    )
    return [
        AreaTotals(
            number=area["number"],
            name=area["name"],
            application_count=area["application_count"],
            grant_requested=area["grant_requested"] or ZERO,
            total_cost=area["total_cost"] or ZERO,
        )
        for area in areas
    ]
