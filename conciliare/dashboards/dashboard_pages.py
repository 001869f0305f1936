"""What both dashboards show, built once for the public page, the reserved
page and their CSV: the period chosen (default the latest with plans), the
tables and their charts."""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from conciliare.dashboards.charts import Chart, bar_chart
from conciliare.dashboards.dashboard_selectors import ats_figures, period_figures
from conciliare.dashboards.forms import PeriodForm
from conciliare.dashboards.tables import (
    Table,
    ats_table,
    beneficiaries_table,
    historical_table,
    periods_table,
)
from conciliare.plans.plan_selectors import region_default_period, region_periods
from conciliare.territory.models import ProgrammingPeriod


@dataclass
class Panel:
    """A chart with its table."""

    table: Table
    chart: Chart


@dataclass
class Dashboard:
    form: PeriodForm
    period: ProgrammingPeriod | None
    panels: list[Panel]

    def table(self, slug: str) -> Table:
        for panel in self.panels:
            if panel.table.slug == slug:
                return panel.table
        raise Http404


def _period(request: HttpRequest) -> tuple[PeriodForm, ProgrammingPeriod | None]:
    periods = list(region_periods())
    chosen = request.GET.get("periodo") or ""
    period = next((p for p in periods if p.slug == chosen), None)
    if period is None:
        period = region_default_period()
    return PeriodForm(
        initial={"periodo": period.slug if period else ""}, periods=periods
    ), period


def dashboard_build(
    request: HttpRequest, *, ats_ids: set[int] | None, limit: int | None
) -> Dashboard:
    """The dashboard of every ATS (``ats_ids`` None) or of those given,
    hiding beneficiary counts below ``limit`` (None: none hidden)."""
    form, period = _period(request)
    tables: list[Table] = []
    if period is not None:
        rows = ats_figures(period=period, ats_ids=ats_ids)
        tables += [
            ats_table(rows, period_name=period.name),
            beneficiaries_table(rows, period_name=period.name, limit=limit),
        ]
    tables += [
        periods_table(period_figures(ats_ids=ats_ids), limit=limit),
        historical_table(),
    ]
    panels = [Panel(table=table, chart=bar_chart(table)) for table in tables]
    return Dashboard(form=form, period=period, panels=panels)


def csv_response(table: Table, *, period: ProgrammingPeriod | None) -> HttpResponse:
    """The table as CSV (UTF-8 with a byte order mark, as the open data, so
    that spreadsheets read accents), its notes after a blank line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in table.csv_rows():
        writer.writerow(line)
    if table.notes:
        writer.writerow([])
        for note in table.notes:
            writer.writerow([_("Nota: %(note)s") % {"note": note}])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8"
    )
    suffix = (
        f"-{period.slug}" if period and table.slug in ("ats", "beneficiari") else ""
    )
    response["Content-Disposition"] = (
        f'attachment; filename="conciliare-{table.slug}{suffix}.csv"'
    )
    return response


def context(dashboard: Dashboard, **extra: Any) -> dict[str, Any]:
    return {
        "form": dashboard.form,
        "period": dashboard.period,
        "panels": dashboard.panels,
        **extra,
    }
