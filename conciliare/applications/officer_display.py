"""The rows of the officers' list of received applications, written once
in Python: 50 rows of amounts, dates and links through template nodes were
most of the page's time (about 600 nodes a page; bench/README.md, issue 5),
as the registry's selects were (``core.forms.FastSelect``)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from conciliare.applications.models import ApplicationStatus
from conciliare.applications.officer_selectors import ReceivedApplication
from conciliare.core.money import AmountFormatter

_ROW = (
    "<tr{}>"
    '<th scope="row"><a href="{}{}{}">{}</a></th>'
    '<td><time datetime="{}">{}</time></td>'
    "<td>{}</td><td>{}</td><td>{}</td>"
    '<td class="text-end text-nowrap">€ {}</td>'
    '<td class="text-end text-nowrap">€ {}</td>'
    '<td class="text-end text-nowrap">{}%</td>'
    '<td><span class="badge {}">{}</span></td>'
    "</tr>"
)
_MUTED = SafeString(' class="text-muted"')


def received_rows_html(rows: list[ReceivedApplication]) -> SafeString:
    """The ``<tr>`` of each row (every value escaped by ``format_html``)."""
    formatter = AmountFormatter()
    marker = 999_999_999  # one reverse: the review address differs by the pk only
    before, after = reverse(
        "applications-officer:application-review", args=[marker]
    ).split(str(marker))
    labels = {status.value: str(status.label) for status in ApplicationStatus}
    return format_html_join(
        "\n",
        _ROW,
        (
            (
                _MUTED if row.is_withdrawn else "",
                before,
                row.pk,
                after,
                row.protocol_number,
                (moment := timezone.localtime(row.submitted_at)).isoformat(),
                moment.strftime("%d/%m/%Y %H:%M:%S"),
                row.alliance,
                row.lead,
                row.title,
                formatter.amount(row.total_cost),
                formatter.amount(row.grant_requested),
                formatter.amount(row.cofinancing_share),
                "bg-secondary" if row.is_withdrawn else "bg-success",
                labels[row.status],
            )
            for row in rows
        ),
    )
