"""Two drafts to ATS Milano's open demo call (issue 5).

Two alliances of ATS Milano start an application through the services and
leave it half done, so that the checker has something to say; their lead
bodies get a demo representative to sign in with (same password as the
other demo accounts). Names, texts and figures are illustrative.
"""

from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from conciliare.accounts.models import Role, User
from conciliare.accounts.services import role_assign
from conciliare.applications.attachment_services import application_attachment_upload
from conciliare.applications.models import Application
from conciliare.applications.services import (
    application_create,
    application_rows_set,
    application_update,
)
from conciliare.calls.models import Call
from conciliare.demo.accounts import DEMO_PASSWORD
from conciliare.demo.call_applications import attachment_pdf
from conciliare.partnerships.models import Alliance
from conciliare.registry.models import Organisation

#: Alliance slug, its lead's demo representative (e-mail, name), draft title.
DRAFT_AUTHORS: tuple[tuple[str, str, str, str], ...] = (
    (
        "distretto-ovest-alto-milanese",
        "magnago@conciliare.demo",
        "Davide Ferrario",
        "Nuove conciliazioni 2: tempi di vita e lavoro nell'Alto Milanese",
    ),
    (
        "conciliamoci",
        "arche@conciliare.demo",
        "Chiara Fontana",
        "C'è Tempo bis – Servizi per le famiglie che lavorano",
    ),
)


def ensure_draft_authors(*, admin: User) -> dict[str, User]:
    """The demo representatives of the two lead bodies (once), by alliance."""
    authors = {}
    for slug, email, full_name, _title in DRAFT_AUTHORS:
        lead = (
            Alliance.objects.select_related("lead")
            .get(ats__slug="milano", slug=slug)
            .lead
        )
        authors[slug] = ensure_representative(
            admin=admin, email=email, full_name=full_name, organisation=lead
        )
    return authors


def ensure_draft_applications(*, call: Call, authors: dict[str, User]) -> int:
    """Two drafts (once) of other ATS Milano alliances to the open call,
    written by their lead bodies' representatives; return how many."""
    added = 0
    for slug, _email, _name, title in DRAFT_AUTHORS:
        alliance = Alliance.objects.select_related("lead").get(ats=call.ats, slug=slug)
        if Application.objects.filter(call=call, alliance=alliance).exists():
            continue
        author = authors[slug]
        with transaction.atomic():
            application = application_create(
                actor=author, call=call, alliance=alliance, title=title
            )
            if slug == "conciliamoci":
                _fill_most(application, author=author)
            else:
                _fill_some(application, author=author)
        added += 1
    return added


def ensure_representative(
    *, admin: User, email: str, full_name: str, organisation: Organisation
) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    role_assign(
        actor=admin,
        user=user,
        role=Role.ORGANISATION_REPRESENTATIVE,
        organisation_id=organisation.pk,
    )
    return user


def _draft_dates(call: Call) -> tuple[date, date]:
    """From the first day of the month after the deadline to the call's end."""
    closes = timezone.localdate(call.closes_at)
    starts = (closes.replace(day=1) + timedelta(days=32)).replace(day=1)
    return starts, call.activities_end_by


def _fill_some(application: Application, *, author: User) -> Application:
    """The general data, one action and one target group: the checker still
    wants objectives, indicators, budget, attachments and more partners."""
    starts, ends = _draft_dates(application.call)
    lead = application.alliance.lead
    application = application_update(
        actor=author,
        application=application,
        version=application.version,
        data={
            "summary": (
                "Servizi di consulenza alle piccole imprese del Castanese e del "
                "Magentino per introdurre orari flessibili e welfare aziendale."
            ),
            "areas": list(application.call.areas.filter(number__in=[4, 5])),
            "starts_on": starts,
            "ends_on": ends,
        },
    )
    application = application_rows_set(
        actor=author,
        application=application,
        version=application.version,
        kind="actions",
        rows=[
            {
                "title": "Sportello di consulenza per le piccole imprese",
                "description": "Incontri nelle sedi delle associazioni di categoria.",
                "starts_on": starts,
                "ends_on": ends,
                "responsible": lead,
            }
        ],
    )
    return application_rows_set(
        actor=author,
        application=application,
        version=application.version,
        kind="target_groups",
        rows=[
            {
                "kind": "firms",
                "description": "Micro e piccole imprese dell'Ambito Alto Milanese.",
                "expected_beneficiaries": 25,
            }
        ],
    )


def _fill_most(application: Application, *, author: User) -> Application:
    """Nearly complete, with a budget that breaks the call's limits (grant
    above the maximum, co-financing below 30%) and one attachment missing."""
    starts, ends = _draft_dates(application.call)
    alliance = application.alliance
    partners = {
        p.organisation.legal_name: p.organisation
        for p in alliance.partners.select_related("organisation")
    }
    lead = alliance.lead
    nursery = partners["Il giardino dei bambini"]
    hospital = partners["ASST Fatebenefratelli Sacco"]
    application = application_update(
        actor=author,
        application=application,
        version=application.version,
        data={
            "summary": (
                "Pre e post scuola, centri estivi e un servizio di sollievo per i "
                "caregiver del personale sanitario e delle famiglie del Municipio 9."
            ),
            "objectives": (
                "Coprire le chiusure scolastiche e i turni del personale sanitario; "
                "ridurre le assenze per motivi di cura."
            ),
            "areas": list(application.call.areas.filter(number__in=[1, 2])),
            "starts_on": starts,
            "ends_on": ends,
        },
    )
    rows: dict[str, list[dict[str, object]]] = {
        "actions": [
            {
                "title": "Pre e post scuola e centri estivi",
                "description": "Nei plessi del quartiere Niguarda.",
                "starts_on": starts,
                "ends_on": ends,
                "responsible": nursery,
            },
            {
                "title": "Sollievo per i caregiver dei turnisti",
                "description": "Assistenza domiciliare nelle ore di turno.",
                "starts_on": starts,
                "ends_on": ends,
                "responsible": lead,
            },
        ],
        "target_groups": [
            {
                "kind": "families",
                "description": "Famiglie con figli 3-11 anni.",
                "expected_beneficiaries": 80,
            },
            {
                "kind": "workers",
                "description": "Personale turnista dell'ASST.",
                "expected_beneficiaries": 120,
            },
        ],
        "indicators": [
            {
                "name": "Bambini accolti nei servizi",
                "unit": "bambini",
                "baseline": Decimal(0),
                "target": Decimal(80),
            }
        ],
        "budget_lines": [
            {
                "organisation": lead,
                "category": "personnel",
                "description": "Educatori e operatori di sollievo",
                "cost": Decimal("48000.00"),
                "grant_requested": Decimal("42000.00"),
                "cofinancing_source": "own",
            },
            {
                "organisation": nursery,
                "category": "services",
                "description": "Centri estivi",
                "cost": Decimal("22000.00"),
                "grant_requested": Decimal("18000.00"),
                "cofinancing_source": "own",
            },
            {
                "organisation": hospital,
                "category": "communication",
                "description": "Informazione al personale",
                "cost": Decimal("5000.00"),
                "grant_requested": Decimal("0.00"),
                "cofinancing_source": "public",
            },
        ],
    }
    for kind, kind_rows in rows.items():
        application = application_rows_set(
            actor=author,
            application=application,
            version=application.version,
            kind=kind,
            rows=kind_rows,
        )
    requirement = application.call.required_attachments.order_by("position").first()
    if requirement is not None:
        application_attachment_upload(
            actor=author,
            application=application,
            requirement=requirement,
            file=ContentFile(
                attachment_pdf(str(requirement.name)),
                name="accordo-di-partenariato.pdf",
            ),
        )
    return application
