"""What both dashboards show, built once for the public page, the reserved
page and their CSV: the period chosen (default the latest with plans), the
tables and their charts."""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from conciliare.core.cache import generation_cached
from conciliare.dashboards.charts import Chart, bar_chart
from conciliare.dashboards.dashboard_selectors import ats_figures, period_figures
from conciliare.dashboards.forms import PeriodForm
from conciliare.dashboards.implementation_tables import (
    ats_reached_table,
    ats_reports_table,
    spending_table,
)
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
    """A chart with its table and the address of its CSV."""

    table: Table
    chart: Chart
    csv_href: str = ""


@dataclass
class Dashboard:
    form: PeriodForm | None
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
    # The sums are cached until public data change (every service that
    # changes them invalidates the public cache) and for the day at most
    # (overdue reports depend on it).
    scope = "all" if ats_ids is None else ",".join(map(str, sorted(ats_ids)))
    today = timezone.localdate().isoformat()
    if period is not None:
        chosen = period
        rows = generation_cached(
            f"dashboards:ats:{chosen.pk}:{scope}:{today}",
            lambda: ats_figures(period=chosen, ats_ids=ats_ids),
        )
        name = period.name
        tables += [
            ats_table(rows, period_name=name),
            spending_table(rows, period_name=name),
            beneficiaries_table(rows, period_name=name, limit=limit),
            ats_reached_table(rows, period_name=name, limit=limit),
            ats_reports_table(rows, period_name=name),
        ]
    tables += [
        periods_table(
            generation_cached(
                f"dashboards:periods:{scope}:{today}",
                lambda: period_figures(ats_ids=ats_ids),
            ),
            limit=limit,
        ),
        historical_table(),
    ]
    return Dashboard(form=form, period=period, panels=panels_of(tables))


def panels_of(tables: list[Table]) -> list[Panel]:
    return [Panel(table=table, chart=bar_chart(table)) for table in tables]


def csv_response(
    table: Table, *, period: ProgrammingPeriod | None, prefix: str = "conciliare"
) -> HttpResponse:
    """The table as CSV (UTF-8 with a byte order mark, as the open data, so
    that spreadsheets read accents), its notes after a blank line; named
    ``<prefix>-<table>[-<period>].csv``."""
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
    suffix = f"-{period.slug}" if period and table.per_period else ""
    response["Content-Disposition"] = (
        f'attachment; filename="{prefix}-{table.slug}{suffix}.csv"'
    )
    return response


def context(
    dashboard: Dashboard,
    *,
    csv_url: str,
    csv_args: tuple[Any, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    """The page's context; each panel gets the address of its CSV (the
    route ``csv_url`` with ``csv_args`` and the table's slug, and the
    period for the tables of one period)."""
    for panel in dashboard.panels:
        href = reverse(csv_url, args=[*csv_args, panel.table.slug])
        if dashboard.period is not None and panel.table.per_period:
            href += "?" + urlencode({"periodo": dashboard.period.slug})
        panel.csv_href = href
    return {
        "form": dashboard.form,
        "period": dashboard.period,
        "panels": dashboard.panels,
        **extra,
    }
