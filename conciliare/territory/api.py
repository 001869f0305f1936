"""Public REST API of the territory: ATS, periods, areas and allocations."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from conciliare.territory import selectors
from conciliare.territory.models import ATS, ProgrammingPeriod

router = Router(tags=["territory"])


class AtsOut(Schema):
    code: str
    slug: str
    name: str
    short_name: str
    areas_served: str
    provinces: list[str]
    website: str

    @staticmethod
    def resolve_provinces(obj: ATS) -> list[str]:
        return [province.code for province in obj.provinces.all()]


class AreaOut(Schema):
    number: int
    name: str


class PeriodOut(Schema):
    slug: str
    name: str
    starts_on: date
    ends_on: date
    dgr_reference: str
    dgr_date: date | None
    decree_reference: str
    decree_date: date | None


class PeriodDetailOut(PeriodOut):
    areas: list[AreaOut]

    @staticmethod
    def resolve_areas(obj: ProgrammingPeriod) -> list[AreaOut]:
        return [AreaOut(number=a.number, name=a.name) for a in obj.areas.all()]


class AllocationRowOut(Schema):
    ats: str
    amounts: dict[int, Decimal | None]
    total: Decimal


class AllocationTableOut(Schema):
    period: str
    years: list[int]
    rows: list[AllocationRowOut]
    year_totals: dict[int, Decimal]
    total: Decimal


@router.get("/ats", response=list[AtsOut])
def ats_list(request: HttpRequest) -> list[ATS]:
    """The 8 ATS of Regione Lombardia with their provinces."""
    return list(selectors.ats_list())


@router.get("/periods", response=list[PeriodOut])
def period_list(request: HttpRequest) -> list[ProgrammingPeriod]:
    """The programming periods, newest first, with their DGR and decrees."""
    return list(selectors.period_list())


@router.get("/periods/{slug}", response=PeriodDetailOut)
def period_detail(request: HttpRequest, slug: str) -> ProgrammingPeriod:
    """One period with its intervention areas."""
    return selectors.period_get(slug=slug)


@router.get("/periods/{slug}/allocations", response=AllocationTableOut)
def period_allocations(request: HttpRequest, slug: str) -> AllocationTableOut:
    """Funds per ATS and year, with totals computed by the database."""
    period = selectors.period_get(slug=slug)
    table = selectors.allocation_table(period=period)
    return AllocationTableOut(
        period=period.slug,
        years=table["years"],
        rows=[
            AllocationRowOut(
                ats=row["ats"].slug,
                amounts=dict(zip(table["years"], row["amounts"], strict=True)),
                total=row["total"],
            )
            for row in table["rows"]
        ],
        year_totals=dict(zip(table["years"], table["column_totals"], strict=True)),
        total=table["grand_total"],
    )
