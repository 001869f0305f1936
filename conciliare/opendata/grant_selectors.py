"""The grants (contributi) the transparency rules require to be published
(d.lgs. 33/2013, artt. 26-27): to whom, how much, by which act, which office
is responsible, how the beneficiary was chosen, and a link to the project.

One row per convenzione (draft or signed) of a plan version that is or was
public, then, for the projects still without one, one row per funded entry
of an approved ranking. Draft rankings and draft or returned plans never
appear."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain
from typing import Any, overload

from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from conciliare.core.reverse import reverse_pk
from conciliare.opendata.selectors import PUBLISHED_PLAN_STATUSES, published_projects
from conciliare.plans.models import Agreement, AgreementStatus
from conciliare.reviews.models import RankingEntry
from conciliare.reviews.models.ranking import FUNDED_OUTCOMES, RankingStatus
from conciliare.territory.models import ATS

#: How many rows an iteration reads at a time (prefetches run per chunk).
CHUNK_SIZE = 500


@dataclass(frozen=True)
class GrantRow:
    """One grant as the transparency table shows it. ``path`` is the public
    page of the project (of the ranking while the project is not public)."""

    beneficiary: str
    tax_code: str
    amount: Decimal
    act_number: str
    act_date: date | None
    office: str
    ats_code: str
    selection: str
    project_code: str
    project_title: str
    stage: str
    path: str

    @property
    def year(self) -> int | None:
        return self.act_date.year if self.act_date is not None else None


def _selection(call_title: str | None) -> str:
    method = _("Avviso pubblico – graduatoria")
    return f"{method}: {call_title}" if call_title else method


def _published_agreements() -> QuerySet[Agreement]:
    return Agreement.objects.filter(plan_version__status__in=PUBLISHED_PLAN_STATUSES)


def grant_agreements(
    *, ats: ATS | None = None, year: int | None = None
) -> QuerySet[Agreement]:
    agreements = _published_agreements().select_related(
        "project__alliance__lead", "plan_version__plan__call", "ats"
    )
    if ats is not None:
        agreements = agreements.filter(ats=ats)
    if year is not None:
        agreements = agreements.filter(plan_version__act_date__year=year)
    return agreements.order_by("-plan_version__act_date", "ats__code", "number")


def grant_entries(
    *, ats: ATS | None = None, year: int | None = None
) -> QuerySet[RankingEntry]:
    """Funded entries of approved rankings whose project has no published
    convenzione yet, with ``public_project_code`` when their project is
    published."""
    entries = (
        RankingEntry.objects.filter(
            ranking__status=RankingStatus.APPROVED,
            outcome__in=FUNDED_OUTCOMES,
            grant_awarded__gt=0,
        )
        .exclude(
            Exists(
                _published_agreements().filter(
                    project__application=OuterRef("application")
                )
            )
        )
        .select_related("ranking__call", "ranking__ats", "application__alliance__lead")
        .annotate(
            public_project_code=Subquery(
                published_projects()
                .filter(application=OuterRef("application"))
                .values("code")[:1]
            )
        )
    )
    if ats is not None:
        entries = entries.filter(ranking__ats=ats)
    if year is not None:
        entries = entries.filter(ranking__act_date__year=year)
    return entries.order_by(
        "-ranking__act_date", "ranking__ats__code", "position", "pk"
    )


def _agreement_row(agreement: Agreement) -> GrantRow:
    project = agreement.project
    version = agreement.plan_version
    lead = project.alliance.lead
    call = version.plan.call
    stage = (
        _("Convenzione sottoscritta")
        if agreement.status == AgreementStatus.SIGNED
        else _("Convenzione da sottoscrivere")
    )
    return GrantRow(
        beneficiary=lead.legal_name,
        tax_code=lead.tax_code or lead.vat_number,
        amount=agreement.grant,
        act_number=version.act_number,
        act_date=version.act_date,
        office=agreement.ats.name,
        ats_code=agreement.ats.code,
        selection=_selection(call.title if call is not None else None),
        project_code=project.code,
        project_title=project.title,
        stage=stage,
        path=project.get_absolute_url(),
    )


def _entry_row(entry: RankingEntry) -> GrantRow:
    ranking = entry.ranking
    application = entry.application
    lead = application.alliance.lead
    code: str = getattr(entry, "public_project_code", None) or ""
    if code:
        path = reverse("projects:project-detail", kwargs={"code": code})
    else:
        path = reverse_pk("rankings:ranking-detail", ranking.pk)
    return GrantRow(
        beneficiary=lead.legal_name,
        tax_code=lead.tax_code or lead.vat_number,
        amount=entry.grant_awarded,
        act_number=ranking.act_number,
        act_date=ranking.act_date,
        office=ranking.ats.name,
        ats_code=ranking.ats.code,
        selection=_selection(ranking.call.title),
        project_code=code,
        project_title=application.title,
        stage=_("Contributo assegnato in graduatoria"),
        path=path,
    )


class GrantRows:
    """The grants as one sequence: the convenzioni, then the ranking entries
    without one. Sliced by the paginator (two counts, at most two reads) or
    iterated in chunks by the download."""

    def __init__(self, *, ats: ATS | None = None, year: int | None = None) -> None:
        self.agreements = grant_agreements(ats=ats, year=year)
        self.entries = grant_entries(ats=ats, year=year)

    @cached_property
    def _agreement_count(self) -> int:
        return self.agreements.count()

    @cached_property
    def _entry_count(self) -> int:
        return self.entries.count()

    def count(self) -> int:
        return self._agreement_count + self._entry_count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> GrantRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[GrantRow]: ...
    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        first = self._agreement_count
        rows: list[GrantRow] = []
        if start < first:
            rows.extend(
                _agreement_row(a) for a in self.agreements[start : min(stop, first)]
            )
        if stop > first:
            rows.extend(
                _entry_row(e)
                for e in self.entries[max(start - first, 0) : stop - first]
            )
        return rows

    def __iter__(self) -> Iterator[GrantRow]:
        return chain(
            (_agreement_row(a) for a in self.agreements.iterator(CHUNK_SIZE)),
            (_entry_row(e) for e in self.entries.iterator(CHUNK_SIZE)),
        )


def grants_modified() -> date | None:
    moments = [
        _published_agreements().aggregate(last=Max("updated_at"))["last"],
        RankingEntry.objects.filter(ranking__status=RankingStatus.APPROVED).aggregate(
            last=Max("ranking__updated_at")
        )["last"],
    ]
    last = max((m for m in moments if m is not None), default=None)
    return timezone.localdate(last) if last is not None else None
