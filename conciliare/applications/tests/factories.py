"""Applications for tests. ``make_team`` builds an alliance that meets the
default composition rules (a public lead, a non-profit and two small firms)
with a representative of the lead; ``complete_application`` fills a draft
so that it passes every rule of its call."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conciliare.accounts.models import Role, User
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.attachment_services import application_attachment_upload
from conciliare.applications.models import Application
from conciliare.applications.services import (
    application_create,
    application_rows_set,
    application_update,
)
from conciliare.calls.models import Call
from conciliare.partnerships.models import Alliance
from conciliare.partnerships.tests.factories import make_alliance
from conciliare.registry.models import Organisation, SizeClass, Typology
from conciliare.registry.tests.factories import OrganisationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Team:
    alliance: Alliance
    lead: Organisation
    partners: list[Organisation]
    lead_rep: User
    partner_rep: User


def make_team(**alliance_kwargs: Any) -> Team:
    lead = OrganisationFactory.create(
        typology=Typology.PUBLIC_BODY,
        size_class=SizeClass.MEDIUM,
        legal_form="municipality",
    )
    partners = [
        OrganisationFactory.create(typology=Typology.PRIVATE_NONPROFIT),
        OrganisationFactory.create(
            typology=Typology.PRIVATE_COMPANY, size_class=SizeClass.MICRO
        ),
        OrganisationFactory.create(
            typology=Typology.PRIVATE_COMPANY, size_class=SizeClass.SMALL
        ),
    ]
    alliance = make_alliance(lead=lead, partners=partners, **alliance_kwargs)
    return Team(
        alliance=alliance,
        lead=lead,
        partners=partners,
        lead_rep=make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=lead),
        partner_rep=make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=partners[0]
        ),
    )


def pdf_file(name: str = "accordo.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def budget_rows(
    team: Team, *, cost: str = "100000.00", grant: str = "50000.00"
) -> list[dict[str, Any]]:
    """Two budget lines: the lead's (the whole grant) and a partner's (all
    co-financing), adding up to ``cost`` and ``grant``."""
    total, grant_amount = Decimal(cost), Decimal(grant)
    half = (total / 2).quantize(Decimal("0.01"))
    return [
        {
            "organisation": team.lead,
            "category": "personnel",
            "description": "Coordinamento e sportello",
            "cost": half,
            "grant_requested": min(grant_amount, half),
            "cofinancing_source": "own" if grant_amount < half else "",
        },
        {
            "organisation": team.partners[0],
            "category": "services",
            "description": "Servizi salva-tempo",
            "cost": total - half,
            "grant_requested": max(grant_amount - half, Decimal(0)),
            "cofinancing_source": "own",
        },
    ]


def complete_application(
    *,
    call: Call,
    team: Team | None = None,
    cost: str = "100000.00",
    grant: str = "50000.00",
) -> Application:
    """A draft of ``team`` to ``call`` that meets every default rule."""
    team = team or make_team(ats=call.ats)
    actor = team.lead_rep
    application = application_create(
        actor=actor, call=call, alliance=team.alliance, title="Tempi per le famiglie"
    )
    start = timezone.localdate() + timedelta(days=60)
    end = min(call.activities_end_by, start + timedelta(days=365))
    application = application_update(
        actor=actor,
        application=application,
        version=application.version,
        data={
            "summary": "Servizi di conciliazione per i lavoratori del territorio.",
            "objectives": "Ridurre il tempo speso per la cura familiare.",
            "areas": list(call.areas.order_by("number")[:2]),
            "starts_on": start,
            "ends_on": end,
        },
    )
    for kind, rows in (
        (
            "actions",
            [
                {
                    "title": "Sportello conciliazione",
                    "description": "Apertura settimanale",
                    "starts_on": start,
                    "ends_on": end,
                    "responsible": team.lead,
                }
            ],
        ),
        (
            "target_groups",
            [{"kind": "workers", "description": "", "expected_beneficiaries": 120}],
        ),
        (
            "indicators",
            [
                {
                    "name": "Lavoratori raggiunti",
                    "unit": "persone",
                    "baseline": Decimal(0),
                    "target": Decimal(120),
                }
            ],
        ),
        ("budget_lines", budget_rows(team, cost=cost, grant=grant)),
    ):
        application = application_rows_set(
            actor=actor,
            application=application,
            version=application.version,
            kind=kind,
            rows=rows,
        )
    for requirement in call.required_attachments.all():
        application_attachment_upload(
            actor=actor,
            application=application,
            requirement=requirement,
            file=pdf_file(),
        )
    application.refresh_from_db()
    return application


def day(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)
