"""Plans for the dashboard tests: one ATS's plan with a chosen system
action, at draft or approved (public), and the allocation of an ATS; and
the dashboards' tables read back from the page and from their CSV."""

import codecs
import csv
import io
from decimal import Decimal
from html.parser import HTMLParser

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.plans.models import PlanVersion
from conciliare.plans.plan_content_services import system_action_add
from conciliare.plans.tests.factories import approve, approved_ranking_call, make_plan
from conciliare.territory.models import Allocation


def plan_of(
    ats_slug: str,
    *,
    grants: list[str],
    action: str = "0",
    public: bool = True,
) -> PlanVersion:
    """The plan of a new call of ``ats_slug`` funding one application per
    grant (each costing 100,000.00), with a system action of ``action``,
    approved by the ATS (public) or left a draft."""
    call, _submitted = approved_ranking_call(
        funded=len(grants), grants=grants, ats_slug=ats_slug
    )
    version = make_plan(call=call)
    if Decimal(action):
        system_action_add(
            actor=make_user(Role.ATS_OFFICER, ats=call.ats),
            version=version,
            data={"title": "Rete", "description": "D", "budget": Decimal(action)},
        )
    if public:
        version = approve(version)
    return version


def allocation_of(ats_slug: str, period_slug: str = "2020-2023") -> Decimal:
    return sum(
        (
            a.amount
            for a in Allocation.objects.filter(
                ats__slug=ats_slug, period__slug=period_slug
            )
        ),
        Decimal(0),
    )


class TableReader(HTMLParser):
    """The text of the cells of the table ``table_id``, row by row."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.inside = False
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(body: str, slug: str) -> list[list[str]]:
    reader = TableReader(f"tabella-{slug}")
    reader.feed(body)
    return reader.rows


def csv_table(response) -> tuple[list[list[str]], list[list[str]]]:
    """The table's rows and the notes after the blank line."""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(codecs.BOM_UTF8)
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    if [] in lines:
        cut = lines.index([])
        return lines[:cut], lines[cut + 1 :]
    return lines, []
