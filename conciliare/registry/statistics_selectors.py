"""Membership statistics of the networks, computed by the database.

Only the network's members count: memberships that are active or presumed
confirmed. Every figure is an aggregate (``aggregate``/``annotate``); Python
only arranges the handful of aggregated values into rows.
"""

from typing import TypedDict

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from conciliare.registry.models import Membership, Network, SizeClass, Typology
from conciliare.registry.network_selectors import MEMBER_STATUSES
from conciliare.territory.models import ATS, ProgrammingPeriod


class StatRow(TypedDict):
    key: str
    label: str
    count: int
    #: Share of the total, 0-100 (rounded), for the table and the bars.
    percent: int


class MembershipStatistics(TypedDict):
    total: int
    typology: list[StatRow]
    size_class: list[StatRow]
    ambito: list[StatRow]
    join_year: list[StatRow]


class AtsStatistics(TypedDict):
    ats_name: str
    ats_slug: str
    counts: list[int]  # in the order of Typology
    total: int


class RegionalStatistics(TypedDict):
    typologies: list[str]  # labels, in the order of Typology
    rows: list[AtsStatistics]
    totals: list[int]  # per typology, the whole Region
    total: int


def _percent(count: int, total: int) -> int:
    return round(count * 100 / total) if total else 0


def _row(key: str, label: str, count: int, total: int) -> StatRow:
    return {
        "key": key,
        "label": label,
        "count": count,
        "percent": _percent(count, total),
    }


def membership_statistics(*, network: Network) -> MembershipStatistics:
    """Members of ``network`` by typology, size class, ambito and join year."""
    members = Membership.objects.filter(network=network, status__in=MEMBER_STATUSES)
    # One query: the total and every typology and size class count.
    counts = members.aggregate(
        total=Count("pk"),
        **{
            f"t_{value}": Count("pk", filter=Q(organisation__typology=value))
            for value in Typology.values
        },
        **{
            f"s_{value}": Count("pk", filter=Q(organisation__size_class=value))
            for value in SizeClass.values
        },
    )
    total = int(counts["total"])
    by_ambito = (
        members.values("organisation__ambito__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__ambito__name")
    )
    by_year = (
        members.annotate(year=ExtractYear("member_since"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    return {
        "total": total,
        "typology": [
            _row(t.value, str(t.label), int(counts[f"t_{t.value}"]), total)
            for t in Typology
        ],
        "size_class": [
            _row(s.value, str(s.label), int(counts[f"s_{s.value}"]), total)
            for s in SizeClass
        ],
        "ambito": [
            _row(
                a["organisation__ambito__name"] or "",
                a["organisation__ambito__name"] or _("Ambito non indicato"),
                a["n"],
                total,
            )
            for a in by_ambito
        ],
        "join_year": [
            _row(str(y["year"]), str(y["year"]), y["n"], total) for y in by_year
        ],
    }


def regional_statistics(*, period: ProgrammingPeriod) -> RegionalStatistics:
    """Members by typology for each of the ATS in ``period`` (one query)."""
    member = Q(
        networks__period=period, networks__memberships__status__in=MEMBER_STATUSES
    )
    ats_rows = (
        ATS.objects.annotate(
            total=Count("networks__memberships", filter=member),
            **{
                f"t_{value}": Count(
                    "networks__memberships",
                    filter=member
                    & Q(networks__memberships__organisation__typology=value),
                )
                for value in Typology.values
            },
        )
        .order_by("code")
        .values("name", "slug", "total", *(f"t_{v}" for v in Typology.values))
    )
    rows: list[AtsStatistics] = [
        {
            "ats_name": a["name"],
            "ats_slug": a["slug"],
            "counts": [int(a[f"t_{v}"]) for v in Typology.values],
            "total": int(a["total"]),
        }
        for a in ats_rows
    ]
    # Sums of the eight aggregated rows, not of memberships.
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(Typology.values))]
    return {
        "typologies": [str(t.label) for t in Typology],
        "rows": rows,
        "totals": totals,
        "total": sum(r["total"] for r in rows),
    }
