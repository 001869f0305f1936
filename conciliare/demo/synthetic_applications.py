"""Synthetic applications at scale, for the benchmarks (issue 5).

``load_demo --scale N`` adds ``PER_SCALE`` x N submitted applications (5,000
at scale 10) to ONE synthetic call of ATS Milano, published through the
services and labelled synthetic; each comes from its own synthetic alliance
of ATS Milano (a synthetic lead body and three synthetic partners of the
ATS), with a submission (protocol ``321-SYN-000001``...: the real counter
gives ``321-2026-00001``, so the two never collide), a snapshot, its areas,
actions, target group, indicator, budget lines, the partners' confirmations
and the call's required attachments (one shared demo PDF per attachment).

Everything is written with ``bulk_create`` and one ``UPDATE``: submitting
5,000 applications through ``application_submit`` (rules, snapshot, receipt
PDF) would take many minutes. For the same reason the snapshots are built
here in the shape of ``applications.snapshots.application_snapshot`` from
the rows written, not read back per application. No receipt PDFs.
Deterministic, and safe to run again: only the missing numbers are added.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import (
    DateTimeField,
    ExpressionWrapper,
    OuterRef,
    Subquery,
    Value,
)
from django.utils import timezone

from conciliare.accounts.models import User
from conciliare.accounts.services import system_user
from conciliare.applications.call_figures import call_figures_invalidate
from conciliare.applications.models import (
    Application,
    ApplicationAction,
    ApplicationAttachment,
    ApplicationBudgetLine,
    ApplicationIndicator,
    ApplicationStatus,
    ApplicationTargetGroup,
    BeneficiaryKind,
    BudgetCategory,
    CofinancingSource,
    PartnerConfirmation,
    Submission,
)
from conciliare.applications.snapshots import (
    SNAPSHOT_VERSION,
    snapshot_fingerprint,
    snapshot_json,
)
from conciliare.audit.services import event_record
from conciliare.calls.models import Call, GuidanceDocument, GuidanceStatus
from conciliare.calls.services import call_create, call_publish
from conciliare.core.money import CENT
from conciliare.demo.call_applications import attachment_pdf
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.services import document_store
from conciliare.partnerships.models import Alliance, Partner, PartnerRole
from conciliare.registry.models import Organisation, Typology
from conciliare.territory.models import ATS, ProgrammingPeriod

#: Submitted applications per unit of ``--scale``.
PER_SCALE = 500
CALL_TITLE = "Avviso sintetico per le prove di carico (dati sintetici)"
SLUG_PREFIX = "alleanza-sintetica-"
SYNTHETIC_NOTE = "Dato sintetico per le prove di carico"
BATCH = 1_000
EURO = Decimal(1)
ROME = ZoneInfo("Europe/Rome")
_LEAD_TYPOLOGIES = (
    Typology.PUBLIC_BODY,
    Typology.PUBLIC_AMBITO,
    Typology.PRIVATE_NONPROFIT,
)
_WORDS = ("Tempo", "Cura", "Ponti", "Radici", "Orizzonti", "Armonie", "Insieme")
_SERVICES = (
    "servizi per i caregiver familiari",
    "pre e post scuola e campi estivi",
    "servizi salvatempo in azienda",
    "consulenza alle piccole imprese",
    "sostegno ai lavoratori autonomi",
)
#: Share of the grant and of the co-financing borne by each of the four
#: partners (the lead first); the last line takes what rounding leaves.
_SPLIT = (Decimal("0.40"), Decimal("0.20"), Decimal("0.20"))
_CATEGORIES = (
    BudgetCategory.MANAGEMENT,
    BudgetCategory.SERVICES,
    BudgetCategory.PERSONNEL,
    BudgetCategory.VOUCHERS,
)


@dataclass
class _Plan:
    """One synthetic application before it is written."""

    number: int
    title: str
    members: list[Organisation]  # the lead first, then three partners
    areas: list[Any]
    grant: Decimal
    cost: Decimal
    received_at: datetime


def synthetic_application_count(scale: int | None) -> int:
    """How many applications ``load_demo`` makes: none without ``--scale``
    (``make run`` stays fast and ATS Milano's portal shows the sources'
    alliances only), ``PER_SCALE`` x N with ``--scale N``."""
    return 0 if scale is None else PER_SCALE * scale


def ensure_synthetic_applications(
    *, officer: User, count: int, now: datetime | None = None
) -> int:
    """Submitted applications 1..``count`` of the synthetic call that are
    missing (the call made and published once by ``officer``); return how
    many were added."""
    if count < 1:
        return 0
    ats = ATS.objects.get(slug="milano")
    with transaction.atomic():
        call = _ensure_call(officer=officer, ats=ats, now=now or timezone.now())
        existing = set(
            Alliance.objects.filter(ats=ats, slug__startswith=SLUG_PREFIX).values_list(
                "slug", flat=True
            )
        )
        numbers = [n for n in range(1, count + 1) if _slug(n) not in existing]
        plans = _plans(call=call, numbers=numbers, count=count) if numbers else []
        if not plans:
            return 0
        _write(call=call, plans=plans)
        call_figures_invalidate(call_id=call.pk)
        event_record(
            actor=officer,
            verb="demo.load_synthetic_applications",
            target=call,
            note=(
                f"{len(plans)} domande sintetiche inviate da altrettante alleanze "
                "sintetiche, per le prove di carico."
            ),
        )
    return len(plans)


def _slug(number: int) -> str:
    return f"{SLUG_PREFIX}{number:05d}"


def _ensure_call(*, officer: User, ats: ATS, now: datetime) -> Call:
    """The synthetic call: opened 30 days before it was made, closing 30
    days after, published through the services."""
    call = Call.objects.filter(ats=ats, title=CALL_TITLE).first()
    if call is not None:
        return call
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    today = timezone.localdate(now)
    opens_at = datetime.combine(today - timedelta(days=30), time(9, 0), tzinfo=ROME)
    call = call_create(
        actor=officer,
        ats=ats,
        period=period,
        data={
            "title": CALL_TITLE,
            "description": (
                f"{SYNTHETIC_NOTE}: avviso generato per misurare le pagine degli "
                "uffici con migliaia di domande; non esiste."
            ),
            "guidance": GuidanceDocument.objects.get(
                ats=ats, period=period, status=GuidanceStatus.ADOPTED
            ),
            "act_number": "Atto sintetico",
            "act_date": today - timedelta(days=31),
            "total_budget": Decimal("968000.00"),
            "opens_at": opens_at,
            "closes_at": datetime.combine(
                today + timedelta(days=30), time(12, 0), tzinfo=ROME
            ),
            "activities_end_by": date(today.year + 2, 12, 31),
        },
    )
    call = call_publish(actor=officer, call=call)
    # published when it opened, as a real call is (the service stamps now)
    Call.objects.filter(pk=call.pk).update(published_at=opens_at)
    call.published_at = opens_at
    return call


def _plans(*, call: Call, numbers: list[int], count: int) -> list[_Plan]:
    """What each missing application will hold, drawn from the synthetic
    organisations of the ATS (deterministic per number)."""
    pool = list(
        Organisation.objects.filter(is_synthetic=True, ambito__ats=call.ats)
        .only("pk", "legal_name", "tax_code", "typology", "ambito_id")
        .order_by("pk")
    )
    leads = [o for o in pool if o.typology in _LEAD_TYPOLOGIES]
    if not leads or len(pool) < 5:
        return []
    areas = list(call.areas.order_by("number"))
    # received between the opening and the moment the call was made, in the
    # order of their numbers (so protocol numbers follow the times)
    start = call.opens_at + timedelta(hours=1)
    step = (call.created_at - timedelta(hours=1) - start) / (count + 1)
    plans = []
    for number in numbers:
        rng = random.Random(f"conciliare-synthetic-application-{number}")
        lead = rng.choice(leads)
        partners = [o for o in rng.sample(pool, 4) if o.pk != lead.pk][:3]
        grant = Decimal(rng.randrange(15_000, 50_001, 250))
        share = Decimal(rng.randrange(30, 46)) / 100  # co-financing 30-45%
        plans.append(
            _Plan(
                number=number,
                title=f"{rng.choice(_WORDS)} {number}: {rng.choice(_SERVICES)}",
                members=[lead, *partners],
                areas=rng.sample(areas, k=min(len(areas), rng.randint(1, 2))),
                grant=grant,
                cost=(grant / (1 - share)).quantize(EURO, ROUND_HALF_UP),
                received_at=start + step * number + step * rng.random() * 0.8,
            )
        )
    return plans


def _write(*, call: Call, plans: list[_Plan]) -> None:
    author = system_user()
    alliances = Alliance.objects.bulk_create(
        [
            Alliance(
                ats=call.ats,
                slug=_slug(plan.number),
                name=f"Alleanza sintetica {plan.number} – {plan.members[0].legal_name}"[
                    :255
                ],
                description=f"{SYNTHETIC_NOTE}: alleanza generata; non esiste.",
                lead=plan.members[0],
            )
            for plan in plans
        ],
        batch_size=BATCH,
    )
    periods = Alliance.periods.through
    periods.objects.bulk_create(
        [
            periods(alliance_id=a.pk, programmingperiod_id=call.period_id)
            for a in alliances
        ],
        batch_size=BATCH,
    )
    ambiti = Alliance.ambiti.through
    ambiti.objects.bulk_create(
        [ambiti(alliance_id=a.pk, ambito_id=a.lead.ambito_id) for a in alliances],
        batch_size=BATCH,
    )
    Partner.objects.bulk_create(
        [
            Partner(
                alliance=alliance,
                organisation=organisation,
                role=PartnerRole.PARTNER if index else PartnerRole.LEAD,
                joined_on=call.period.starts_on,
            )
            for plan, alliance in zip(plans, alliances, strict=True)
            for index, organisation in enumerate(plan.members)
        ],
        batch_size=BATCH,
    )
    # drafts first: a submitted application needs its submission, which
    # needs the application; _mark_submitted() then submits them all
    applications = Application.objects.bulk_create(
        [
            Application(
                call=call,
                alliance=alliance,
                ats=call.ats,
                title=plan.title,
                summary=_SUMMARY,
                objectives=_OBJECTIVES,
                starts_on=_starts_on(call),
                ends_on=call.activities_end_by,
                created_by=author,
                updated_by=author,
            )
            for plan, alliance in zip(plans, alliances, strict=True)
        ],
        batch_size=BATCH,
    )
    areas = Application.areas.through
    areas.objects.bulk_create(
        [
            areas(application_id=application.pk, interventionarea_id=area.pk)
            for plan, application in zip(plans, applications, strict=True)
            for area in plan.areas
        ],
        batch_size=BATCH,
    )
    rows = _Rows(call=call, author=author)
    for plan, alliance, application in zip(plans, alliances, applications, strict=True):
        rows.add(plan, alliance, application)
    rows.save()
    _mark_submitted(applications)


def _starts_on(call: Call) -> date:
    return timezone.localdate(call.closes_at) + timedelta(days=60)


_SUMMARY = (
    f"{SYNTHETIC_NOTE}: progetto generato per misurare le pagine degli uffici. "
    "Titolo, partner, azioni e importi non sono reali."
)
_OBJECTIVES = (
    "Ridurre le difficoltà di conciliazione delle famiglie che lavorano; "
    "accompagnare le piccole imprese verso il welfare aziendale."
)
_ACTIONS = ("Coordinamento e monitoraggio", "Servizi alle famiglie")
_TARGET = {
    "kind": BeneficiaryKind.WORKERS,
    "description": "Lavoratrici e lavoratori delle imprese partner",
    "expected_beneficiaries": 80,
}
_INDICATOR = {
    "name": "Famiglie raggiunte",
    "unit": "famiglie",
    "baseline": Decimal(0),
    "target": Decimal(60),
}


def _shared_attachments(*, call: Call, author: User) -> list[tuple[Any, Document]]:
    """One demo PDF per attachment the call requires, shared by all the
    synthetic applications (stored once)."""
    shared = []
    for requirement in call.required_attachments.order_by("position"):
        title = f"{requirement.name} (allegato sintetico)"
        document = Document.objects.filter(title=title, ats=call.ats).first()
        if document is None:
            document = document_store(
                actor=author,
                data={
                    "title": title,
                    "kind": DocumentKind.OTHER,
                    "valid_from": timezone.localdate(call.opens_at),
                    "is_public": False,
                    "ats": call.ats,
                    "period": call.period,
                },
                file=ContentFile(
                    attachment_pdf(str(requirement.name)),
                    name=f"allegato-sintetico-{requirement.position}.pdf",
                ),
                note=f"{SYNTHETIC_NOTE}: allegato comune delle domande sintetiche.",
            )
        shared.append((requirement, document))
    return shared


class _Rows:
    """The rows of each application and its submission, with the snapshot
    built from the same values, saved in batches."""

    def __init__(self, *, call: Call, author: User) -> None:
        self.call = call
        self.author = author
        self.documents = _shared_attachments(call=call, author=author)
        self.rows: dict[type[Any], list[Any]] = {}
        # what every snapshot shares, in the shape of application_snapshot()
        self.base = {
            "format": SNAPSHOT_VERSION,
            "call": {
                "id": call.pk,
                "title": call.title,
                "ats": str(call.ats),
                "closes_at": call.closes_at.isoformat(),
                "amendments": 0,
            },
            "summary": _SUMMARY,
            "objectives": _OBJECTIVES,
            "target_groups": [{**_TARGET, "label": str(BeneficiaryKind.WORKERS.label)}],
            "indicators": [_INDICATOR],
            "attachments": [
                {
                    "requirement": str(requirement.name),
                    "title": document.title,
                    "filename": document.original_filename,
                    "size": document.size,
                    "sha256": document.sha256,
                    "document_id": document.pk,
                }
                for requirement, document in self.documents
            ],
        }

    def _add(self, *rows: Any) -> None:
        for row in rows:
            self.rows.setdefault(type(row), []).append(row)

    def add(self, plan: _Plan, alliance: Alliance, application: Application) -> None:
        starts_on, ends_on = _starts_on(self.call), self.call.activities_end_by
        actions = [
            ApplicationAction(
                application=application,
                title=title,
                starts_on=starts_on,
                ends_on=ends_on,
                responsible=member,
            )
            for title, member in zip(_ACTIONS, plan.members, strict=False)
        ]
        lines = _budget_lines(plan, application)
        confirmations = [
            PartnerConfirmation(
                application=application,
                organisation=line.organisation,
                confirmed_by=self.author,
                confirmed_at=plan.received_at - timedelta(days=1),
                contribution={
                    "actions": [a.title for a in actions if a.responsible == member],
                    **{
                        name: str(getattr(line, name))
                        for name in ("cost", "grant_requested", "cofinancing")
                    },
                },
                note=f"{SYNTHETIC_NOTE}.",
            )
            for member, line in zip(plan.members[1:], lines[1:], strict=True)
        ]
        cofinancing = plan.cost - plan.grant
        snapshot = snapshot_json(
            {
                **self.base,
                "alliance": {"id": alliance.pk, "name": alliance.name},
                "lead": _organisation(plan.members[0]),
                "partners": [
                    {**_organisation(o), "role": PartnerRole.PARTNER if i else "lead"}
                    for i, o in enumerate(plan.members)
                ],
                "title": application.title,
                "areas": [{"number": a.number, "name": a.name} for a in plan.areas],
                "starts_on": starts_on,
                "ends_on": ends_on,
                "actions": [_action_snapshot(a) for a in actions],
                "budget_lines": [_line_snapshot(line) for line in lines],
                "totals": {
                    "cost": plan.cost,
                    "grant_requested": plan.grant,
                    "cofinancing": cofinancing,
                    "cofinancing_share": (cofinancing * 100 / plan.cost).quantize(
                        CENT, ROUND_HALF_UP
                    ),
                },
                "partner_confirmations": [
                    {
                        "organisation": c.organisation.legal_name,
                        "confirmed_at": c.confirmed_at,
                        "contribution": c.contribution,
                    }
                    for c in confirmations
                ],
            }
        )
        self._add(
            *actions,
            *lines,
            *confirmations,
            ApplicationTargetGroup(application=application, **_TARGET),
            ApplicationIndicator(application=application, **_INDICATOR),
            *(
                ApplicationAttachment(
                    application=application,
                    requirement=requirement,
                    document=document,
                    uploaded_by=self.author,
                )
                for requirement, document in self.documents
            ),
            Submission(
                application=application,
                protocol_number=f"{self.call.ats.code}-SYN-{plan.number:06d}",
                received_at=plan.received_at,
                submitted_at=plan.received_at + timedelta(seconds=1),
                submitted_by=self.author,
                snapshot=snapshot,
                snapshot_sha256=snapshot_fingerprint(snapshot),
                grant_requested=plan.grant,
                total_cost=plan.cost,
            ),
        )

    def save(self) -> None:
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows, batch_size=BATCH)


def _budget_lines(plan: _Plan, application: Application) -> list[ApplicationBudgetLine]:
    """One line per partner; grant and co-financing split 40/20/20/20 in
    whole euros (the last line takes the rest; SQLite, which the tests use,
    compares the cents of ``cost = grant + cofinancing`` as floats)."""
    cofinancing = plan.cost - plan.grant
    grants = [(plan.grant * s).quantize(EURO) for s in _SPLIT]
    grants.append(plan.grant - sum(grants))
    cofinancings = [(cofinancing * s).quantize(EURO) for s in _SPLIT]
    cofinancings.append(cofinancing - sum(cofinancings))
    return [
        ApplicationBudgetLine(
            application=application,
            organisation=member,
            category=category,
            description=f"{category.label} (sintetico)",
            cost=grant + cofin,
            grant_requested=grant,
            cofinancing=cofin,
            cofinancing_source=CofinancingSource.OWN if cofin else "",
        )
        for member, category, grant, cofin in zip(
            plan.members, _CATEGORIES, grants, cofinancings, strict=True
        )
    ]


def _action_snapshot(action: ApplicationAction) -> dict[str, Any]:
    return {
        "title": action.title,
        "description": action.description,
        "starts_on": action.starts_on,
        "ends_on": action.ends_on,
        "responsible": action.responsible.legal_name,
        "responsible_tax_code": action.responsible.tax_code,
    }


def _line_snapshot(line: ApplicationBudgetLine) -> dict[str, Any]:
    return {
        "organisation": line.organisation.legal_name,
        "organisation_tax_code": line.organisation.tax_code,
        "category": line.category,
        "category_label": str(BudgetCategory(line.category).label),
        **{
            name: getattr(line, name)
            for name in (
                "description",
                "cost",
                "grant_requested",
                "cofinancing",
                "cofinancing_source",
            )
        },
    }


def _organisation(organisation: Organisation) -> dict[str, Any]:
    return {
        "name": organisation.legal_name,
        "tax_code": organisation.tax_code,
        "typology": organisation.typology,
    }


def _mark_submitted(applications: list[Application]) -> None:
    """One UPDATE: each new draft becomes submitted with its submission,
    stamped at the time it was sent (created ten days before)."""
    submission = Submission.objects.filter(application=OuterRef("pk"))
    submitted_at = Subquery(submission.values("submitted_at")[:1])
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        status=ApplicationStatus.SUBMITTED,
        current_submission=Subquery(submission.values("pk")[:1]),
        submitted_at=submitted_at,
        version=2,
        updated_at=submitted_at,
        created_at=ExpressionWrapper(
            submitted_at - Value(timedelta(days=10)), output_field=DateTimeField()
        ),
    )
