"""Reserved pages of the officers of an ATS and of the Region: the
applications a call has received (counts, totals against the budget, totals
by area, the list and its XLSX export) and the read-only view of what an
application submitted. Drafts stay the alliance's own: the officers see how
many there are, never their content."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_http_methods

from conciliare.applications import officer_selectors, selectors
from conciliare.applications.call_figures import call_figures
from conciliare.applications.exports import application_export_xlsx
from conciliare.applications.models import ApplicationStatus
from conciliare.applications.officer_display import received_rows_html
from conciliare.calls.models import Call
from conciliare.calls.selectors import call_visible_to
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.core.money import share_of
from conciliare.core.pagination import CountedPaginator

#: Rows of the list of received applications per page.
PAGE_SIZE = 50
VIEW_CALL_APPLICATIONS = "calls.view_call_applications"


@login_required
@require_http_methods(["GET"])
def call_applications(request: AuthenticatedHttpRequest, call_pk: int) -> HttpResponse:
    """The applications ``call`` has received, with counts and totals."""
    call = _call_for(request, call_pk)
    figures = call_figures(call=call)
    # pages through the pks (no joins), counted by the counts above
    page = CountedPaginator(
        officer_selectors.received_application_pks(call=call),
        PAGE_SIZE,
        count=figures.received_count,
    ).get_page(request.GET.get("page"))
    grant_requested = figures.grant_requested
    return render(
        request,
        "applications/officer_call_applications.html",
        {
            "call": call,
            "page_obj": page,
            "rows": (
                rows := officer_selectors.received_application_page(
                    call=call, pks=page.object_list
                )
            ),
            "rows_html": received_rows_html(rows),
            "counts": [
                (str(status.label), figures.counts[status.value], status.value)
                for status in ApplicationStatus
            ],
            "received_count": figures.received_count,
            "totals": {
                "count": figures.valid_count,
                "grant_requested": grant_requested,
                "total_cost": figures.total_cost,
                "budget": call.projects_budget,
                "remaining": max(call.projects_budget - grant_requested, 0),
                "over": max(grant_requested - call.projects_budget, 0),
                "share_of_budget": share_of(grant_requested, call.projects_budget),
                "over_budget": grant_requested > call.projects_budget,
            },
            "areas": figures.areas,
        },
    )


@login_required
@require_http_methods(["GET"])
def call_applications_export(
    request: AuthenticatedHttpRequest, call_pk: int
) -> HttpResponse:
    """The same list as an XLSX workbook, with the totals by area."""
    call = _call_for(request, call_pk)
    return application_export_xlsx(
        call=call,
        rows=officer_selectors.received_application_rows(
            officer_selectors.received_application_list(call=call)
        ),
        areas=call_figures(call=call).areas,
    )


@login_required
@require_http_methods(["GET"])
def application_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What an application submitted, read from the snapshot of its valid
    submission (of its last one, when it was withdrawn)."""
    application = selectors.application_get_for_user(user=request.user, pk=pk)
    if not (
        request.user.has_perm("applications.view_application", application)
        and request.user.has_perm(VIEW_CALL_APPLICATIONS, application.call)
    ):
        raise PermissionDenied
    submission = officer_selectors.submission_shown(application=application)
    if submission is None:  # pragma: no cover - officers never see a draft
        raise Http404
    return render(
        request,
        "applications/officer_application_review.html",
        {
            "application": application,
            "call": application.call,
            "submission": submission,
            "is_withdrawn": application.status == ApplicationStatus.WITHDRAWN,
            "snapshot": snapshot_for_display(submission.snapshot),
            "submissions": officer_selectors.submission_list_for_application(
                application=application
            ),
        },
    )


def _call_for(request: AuthenticatedHttpRequest, call_pk: int) -> Call:
    # only the ATS: these pages show the call's title, dates and budget
    call = get_object_or_404(
        call_visible_to(user=request.user).select_related("ats"), pk=call_pk
    )
    if not request.user.has_perm(VIEW_CALL_APPLICATIONS, call):
        raise PermissionDenied
    return call


# -- the snapshot, ready to show ---------------------------------------------


@dataclass
class PartnerBudget:
    """The budget lines of one partner, with its subtotals."""

    organisation: str
    tax_code: str
    lines: list[dict[str, Any]] = field(default_factory=list)
    cost: Decimal = Decimal("0.00")
    grant_requested: Decimal = Decimal("0.00")
    cofinancing: Decimal = Decimal("0.00")


def snapshot_for_display(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The stored snapshot (strings for dates and amounts) with typed dates
    and amounts, and the budget grouped by partner."""
    return {
        **snapshot,
        "starts_on": _date(snapshot.get("starts_on")),
        "ends_on": _date(snapshot.get("ends_on")),
        "actions": [
            {
                **action,
                "starts_on": _date(action["starts_on"]),
                "ends_on": _date(action["ends_on"]),
            }
            for action in snapshot.get("actions", [])
        ],
        "indicators": [
            {
                **indicator,
                "baseline": Decimal(indicator["baseline"]),
                "target": Decimal(indicator["target"]),
            }
            for indicator in snapshot.get("indicators", [])
        ],
        "budget": _budget_by_partner(snapshot.get("budget_lines", [])),
        "totals": {
            name: Decimal(value) for name, value in snapshot.get("totals", {}).items()
        },
        "partner_confirmations": [
            {
                **confirmation,
                "confirmed_at": _datetime(confirmation["confirmed_at"]),
                "contribution": {
                    **confirmation.get("contribution", {}),
                    **{
                        name: Decimal(confirmation["contribution"][name])
                        for name in ("cost", "grant_requested", "cofinancing")
                        if name in confirmation.get("contribution", {})
                    },
                },
            }
            for confirmation in snapshot.get("partner_confirmations", [])
        ],
    }


def _budget_by_partner(lines: list[dict[str, Any]]) -> list[PartnerBudget]:
    partners: dict[str, PartnerBudget] = {}
    for line in lines:
        partner = partners.setdefault(
            line["organisation_tax_code"],
            PartnerBudget(
                organisation=line["organisation"],
                tax_code=line["organisation_tax_code"],
            ),
        )
        typed = {
            **line,
            "cost": Decimal(line["cost"]),
            "grant_requested": Decimal(line["grant_requested"]),
            "cofinancing": Decimal(line["cofinancing"]),
        }
        partner.lines.append(typed)
        partner.cost += typed["cost"]
        partner.grant_requested += typed["grant_requested"]
        partner.cofinancing += typed["cofinancing"]
    return list(partners.values())


def _date(value: str | None) -> date | None:
    return parse_date(value) if value else None


def _datetime(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None
