"""One alliance's dashboard: its projects' grants, expenditure declared and
eligible, payments and recoveries; the beneficiaries reached by project and
by area; the reports on time and late. Reserved (no count hidden); every
table has its chart and CSV. Seven queries whatever the number of
projects."""

from django.utils.translation import gettext as _

from conciliare.dashboards.alliance_selectors import alliance_projects
from conciliare.dashboards.dashboard_pages import Dashboard, panels_of
from conciliare.dashboards.implementation_selectors import (
    AreaReach,
    Implementation,
    implementation_by,
    reached_by_area,
)
from conciliare.dashboards.implementation_tables import (
    reached_table,
    reports_table,
    spent_note,
)
from conciliare.dashboards.tables import Cells, Column, Row, Table, money_sum
from conciliare.partnerships.models import Alliance
from conciliare.projects.models import Project, ProjectStatus


def _money_table(projects: list[Project], figures: dict[int, Implementation]) -> Table:
    cells = Cells(None)

    def money_row(label: str, title: str, status: str, chosen: list[Project]) -> Row:
        of = [figures.get(p.pk, Implementation()) for p in chosen]
        return Row(
            label,
            [
                cells.text(title),
                cells.text(status),
                cells.money(money_sum([p.agreement.grant for p in chosen])),
                cells.money(money_sum([f.declared for f in of])),
                cells.money(money_sum([f.spent for f in of])),
                cells.money(money_sum([f.paid for f in of])),
                cells.money(money_sum([f.recovered for f in of])),
            ],
        )

    return Table(
        slug="progetti",
        title=_("Contributo, spesa e pagamenti per progetto"),
        description=_(
            "Per ogni progetto dell'alleanza: il contributo della convenzione, "
            "la spesa dichiarata e ammessa nei rendiconti, il pagato e il "
            "recuperato."
        ),
        label_header=_("Progetto"),
        columns=[
            Column(_("Titolo"), "text"),
            Column(_("Stato"), "text"),
            Column(_("Contributo (EUR)"), "money", charted=True),
            Column(_("Spesa dichiarata (EUR)"), "money"),
            Column(_("Spesa ammessa (EUR)"), "money", charted=True),
            Column(_("Pagato (EUR)"), "money", charted=True),
            Column(_("Recuperato (EUR)"), "money"),
        ],
        rows=[
            money_row(p.code, p.title, str(ProjectStatus(p.status).label), [p])
            for p in projects
        ],
        total=money_row(_("Totale"), "", "", projects) if len(projects) > 1 else None,
        notes=[spent_note()],
    )


def _area_label(area: AreaReach) -> str:
    if area.number is None:
        return _("Area non indicata")
    return f"{area.number}. {area.name}"


def alliance_dashboard(alliance: Alliance) -> Dashboard:
    """The dashboard of the followed projects of ``alliance``."""
    chosen = alliance_projects(alliance)
    projects = list(chosen)
    figures = implementation_by(chosen, "pk")
    by_project = [(p.code, figures.get(p.pk, Implementation())) for p in projects]
    tables = [
        _money_table(projects, figures),
        reached_table(
            [(code, f.reached) for code, f in by_project],
            slug="raggiunti",
            title=_("Destinatari raggiunti per progetto e tipo"),
            label_header=_("Progetto"),
            limit=None,
        ),
        reached_table(
            [(_area_label(a), a.reached) for a in reached_by_area(chosen)],
            slug="aree",
            title=_("Destinatari raggiunti per area di intervento e tipo"),
            label_header=_("Area di intervento"),
            limit=None,
        ),
        reports_table(
            by_project,
            slug="relazioni",
            title=_("Relazioni in tempo e in ritardo per progetto"),
            label_header=_("Progetto"),
        ),
    ]
    return Dashboard(form=None, period=None, panels=panels_of(tables))
