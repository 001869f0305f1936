"""The rows of the officers' list of received applications, formatted once
in Python: the template only prints them (50 rows of amounts, dates and
links through template filters were most of the page's time, bench/README.md)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from conciliare.applications.models import ApplicationStatus
from conciliare.applications.officer_selectors import ReceivedApplication
from conciliare.core.money import AmountFormatter


@dataclass(frozen=True)
class ReceivedRow:
    review_url: str
    protocol_number: str
    submitted_at_iso: str
    submitted_at: str
    alliance: str
    lead: str
    title: str
    total_cost: str
    grant_requested: str
    cofinancing_share: str
    status_label: str
    is_withdrawn: bool


def received_rows_display(rows: list[ReceivedApplication]) -> list[ReceivedRow]:
    formatter = AmountFormatter()
    # one reverse: the review address differs by the pk only
    marker = 999_999_999
    url = reverse("applications-officer:application-review", args=[marker])
    before, after = url.split(str(marker))
    labels = {status.value: str(status.label) for status in ApplicationStatus}
    display = []
    for row in rows:
        submitted_at = timezone.localtime(row.submitted_at)
        display.append(
            ReceivedRow(
                review_url=f"{before}{row.pk}{after}",
                protocol_number=row.protocol_number,
                submitted_at_iso=submitted_at.isoformat(),
                submitted_at=submitted_at.strftime("%d/%m/%Y %H:%M:%S"),
                alliance=row.alliance,
                lead=row.lead,
                title=row.title,
                total_cost=formatter.amount(row.total_cost),
                grant_requested=formatter.amount(row.grant_requested),
                cofinancing_share=formatter.amount(row.cofinancing_share),
                status_label=labels[row.status],
                is_withdrawn=row.is_withdrawn,
            )
        )
    return display
