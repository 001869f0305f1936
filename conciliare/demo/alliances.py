"""Demo alliances and projects.

The real ones come from DOMAIN.md section 5 and the seeds: ATS Milano's five
alliances of 2020-2023 (seed 001, AGRIWEL's partners from S31), ATS
Bergamo's five projects of 2020-2023 (S7), ATS Brescia's three alliances
since 2014 (seed 002) and ASL Milano 1's Legnano alliance of 2014-2016 (seed
004). Only the sources' facts are filled in: no invented amounts, dates or
areas for them; every project is ``historical`` (none went through a call on
Conciliare). Alliances the sources do not name are named after the territory
of their lead body, and say so.

``generate_alliances`` adds synthetic alliances and projects (the figures
invented, the summaries saying so) so that every ATS has some and the portal
can be measured at scale; ``bench/`` may call it directly.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.demo.real_entities import real_tax_codes
from conciliare.partnerships.models import Alliance, Partner, PartnerRole
from conciliare.projects.models import Project, ProjectOrigin, ProjectStatus
from conciliare.registry.models import Organisation, SizeClass, Typology
from conciliare.territory.models import (
    ATS,
    Ambito,
    InterventionArea,
    ProgrammingPeriod,
)

#: Synthetic alliances per ATS and unit of ``--scale`` (2020-2023).
SYNTHETIC_PER_ATS = 4
#: ATS whose alliances the sources name: synthetic ones only from scale 2.
REAL_ATS = ("milano", "bergamo", "brescia")
DEMO_NOTE = "Dato dimostrativo"


@dataclass(frozen=True)
class RealProject:
    code: str
    title: str
    period: str
    summary: str
    total_cost: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    status: str = ProjectStatus.COMPLETED


@dataclass(frozen=True)
class RealAlliance:
    ats: str
    slug: str
    name: str
    lead: str  # key of REAL_ORGANISATIONS
    periods: tuple[str, ...]
    joined_on: date
    description: str
    partners: tuple[str, ...] = ()
    ambiti: tuple[str, ...] = ()
    website: str = ""
    contact_name: str = ""
    contact_email: str = ""
    is_open_to_partners: bool = True
    #: Partners the source counts without naming (seed 004: "8 micro-piccole-
    #: medie imprese"): synthetic firms of the ATS stand in for them.
    unnamed_firms: int = 0
    projects: tuple[RealProject, ...] = field(default=())


_MILANO_2020 = date(2020, 5, 29)  # Deliberazione 390: the plan is approved
_BERGAMO_NOTE = (
    "Il nome dell'alleanza non è pubblicato nelle fonti: è indicato con il "
    "territorio dell'ente capofila."
)

REAL_ALLIANCES: tuple[RealAlliance, ...] = (
    RealAlliance(
        ats="milano",
        slug="associazione-irene",
        name=(
            "Associazione IRENE – Iniziative, Ricerche, Esperienze per una Nuova Europa"
        ),
        lead="irene",
        partners=(
            "cm-milano",
            "casa-agricoltura",
            "cia-centro-lombardia",
            "cgil-ticino-olona",
            "cisl-milano",
            "uil-milano",
        ),
        periods=("2020-2023",),
        joined_on=_MILANO_2020,
        description=(
            "Alleanza locale del Piano territoriale 2020-2023 di ATS Milano, "
            "per il welfare dei lavoratori della filiera agricola."
        ),
        projects=(
            RealProject(
                code="321-2020-01",
                title="AGRIWEL – Welfare nella filiera agricola",
                period="2020-2023",
                summary=(
                    "Servizi di welfare e conciliazione per le lavoratrici e i "
                    "lavoratori della filiera agricola. Valore del progetto: "
                    "150.000 euro."
                ),
                total_cost=Decimal("150000.00"),
            ),
        ),
    ),
    RealAlliance(
        ats="milano",
        slug="distretto-ovest-alto-milanese",
        name="Alleanza Locale «Distretto Ovest Alto Milanese»",
        lead="magnago",
        periods=("2020-2023",),
        ambiti=("alto-milanese",),
        joined_on=_MILANO_2020,
        description=(
            "Alleanza locale dell'Ambito territoriale Alto Milanese, con "
            "capofila il Comune di Magnago."
        ),
        projects=(
            RealProject(
                code="321-2020-02",
                title="Nuove conciliazioni: vita e lavoro in evoluzione",
                period="2020-2023",
                summary="",
            ),
        ),
    ),
    RealAlliance(
        ats="milano",
        slug="conciliamoci",
        name=(
            "ConciliAmoci: Fondazione Archè-APS – Il giardino dei bambini – "
            "ASST Fatebenefratelli Sacco"
        ),
        lead="arche",
        partners=("giardino-bambini", "asst-fbf-sacco"),
        periods=("2020-2023",),
        ambiti=("milano-citta",),
        joined_on=_MILANO_2020,
        website="https://www.arche.it",
        description="Alleanza locale del Piano territoriale 2020-2023 di ATS Milano.",
        projects=(
            RealProject(
                code="321-2020-03",
                title=(
                    "C'è Tempo – Servizi di supporto per la conciliazione "
                    "lavoro-famiglia"
                ),
                period="2020-2023",
                summary="",
            ),
        ),
    ),
    RealAlliance(
        ats="milano",
        slug="alleanza-sud-sud-est-milano",
        name="Alleanza Sud – Sud Est Milano",
        lead="spazio-aperto",
        periods=("2020-2023",),
        ambiti=("sud-est-milano",),
        joined_on=_MILANO_2020,
        description="Alleanza locale del Piano territoriale 2020-2023 di ATS Milano.",
        projects=(
            RealProject(
                code="321-2020-04",
                title="Nuove sinergie reti territoriali a sostegno della conciliazione",
                period="2020-2023",
                summary="",
            ),
        ),
    ),
    RealAlliance(
        ats="milano",
        slug="labor-ambito-lodi",
        name="LABOR – Ambito Lodi, ATS Città Metropolitana di Milano",
        lead="lodigiano",
        periods=("2020-2023",),
        ambiti=("lodi",),
        joined_on=_MILANO_2020,
        description=(
            "Alleanza locale dell'Ambito territoriale di Lodi, con capofila "
            "l'Azienda Speciale Consortile del Lodigiano per i Servizi alla "
            "Persona (Ufficio di Piano)."
        ),
        projects=(
            RealProject(
                code="321-2020-05",
                title="Lodigiano Welfare",
                period="2020-2023",
                summary="",
            ),
        ),
    ),
    RealAlliance(
        ats="milano",
        slug="conciliazione-innova-piccola-impresa",
        name="La conciliazione innova la piccola impresa: un modello da promuovere",
        lead="sole",
        partners=(
            "castanese",
            "pdz-abbiatense",
            "cm-milano",
            "irene",
            "cdl-milano",
            "cgil-ticino-olona",
            "cisl-milano",
            "uil-ovest",
            "uil-milano",
            "confartigianato-am",
            "cna-milano",
            "confindustria-am",
            "confcommercio-abbiategrasso",
        ),
        unnamed_firms=8,
        periods=("2014-2016",),
        ambiti=("legnanese", "castanese", "abbiatense"),
        joined_on=date(2014, 9, 1),
        contact_name="Ufficio di Piano – Azienda Speciale Consortile So.Le",
        contact_email="pianodizona@legnano.org",
        is_open_to_partners=False,
        description=(
            "Alleanza del Piano territoriale di conciliazione 2014-2016 della ASL "
            "Milano 1, proposta dal Comune di Legnano (oggi Azienda Speciale "
            "Consortile So.Le). Obiettivo: contribuire a identificare, progettare "
            "e sperimentare azioni innovative di conciliazione famiglia-lavoro e "
            "di welfare aziendale, con il coinvolgimento diretto delle micro, "
            "piccole e medie imprese. Destinatari: 10-15 micro, piccole e medie "
            "imprese, le lavoratrici, i lavoratori e le loro famiglie. L'alleanza "
            "era aperta alle micro, piccole e medie imprese tramite la scheda "
            "partnership."
        ),
        projects=(
            RealProject(
                code="321-2014-01",
                title=(
                    "La conciliazione innova la piccola impresa: un modello da "
                    "promuovere"
                ),
                period="2014-2016",
                summary=(
                    "Progetto finanziato da Regione Lombardia nel Piano territoriale "
                    "della ASL Milano 1, da settembre 2014 a gennaio 2017, per 10-15 "
                    "micro, piccole e medie imprese e i loro lavoratori."
                ),
                starts_on=date(2014, 9, 1),
                ends_on=date(2017, 1, 31),
            ),
        ),
    ),
    *(
        RealAlliance(
            ats="brescia",
            slug=slug,
            name=name,
            lead=lead,
            periods=("2014-2016", "2017-2018", "2020-2023"),
            ambiti=(ambito,),
            joined_on=date(2014, 1, 1),
            description=(
                "Una delle tre Alleanze locali di conciliazione attive dal 2014 "
                "nel territorio di ATS Brescia: un partenariato pubblico-privato "
                "fondato su un Accordo locale, in stretto rapporto con il Piano "
                "di Zona."
            ),
        )
        for slug, name, lead, ambito in (
            ("alleanza-di-brescia", "Alleanza di Brescia", "comune-brescia", "brescia"),
            (
                "alleanza-di-montichiari",
                "Alleanza di Montichiari",
                "comune-montichiari",
                "bassa-bresciana-orientale",
            ),
            (
                "alleanza-di-palazzolo",
                "Alleanza di Palazzolo",
                "comune-palazzolo",
                "oglio-ovest",
            ),
        )
    ),
    *(
        RealAlliance(
            ats="bergamo",
            slug=slug,
            name=name,
            lead=lead,
            partners=partners,
            periods=("2020-2023",),
            ambiti=ambiti,
            joined_on=date(2020, 1, 1),
            description=_BERGAMO_NOTE,
            projects=(
                RealProject(code=code, title=title, period="2020-2023", summary=""),
            ),
        )
        for slug, name, lead, partners, ambiti, code, title in (
            (
                "alleanza-valle-seriana",
                "Alleanza locale Valle Seriana",
                "ambito-valle-seriana",
                ("ambito-valle-seriana-superiore",),
                ("valle-seriana", "valle-seriana-superiore"),
                "325-2020-01",
                "Beatrice 3.0",
            ),
            (
                "alleanza-bergamo",
                "Alleanza locale Bergamo",
                "comune-bergamo",
                (),
                ("bergamo",),
                "325-2020-02",
                "Tempi accoglienti per le famiglie",
            ),
            (
                "alleanza-isola-bergamasca",
                "Alleanza locale Isola Bergamasca e Bassa Val San Martino",
                "azienda-isola",
                (),
                ("isola-bergamasca",),
                "325-2020-03",
                "Smart Community",
            ),
            (
                "alleanza-valle-imagna-villa-dalme",
                "Alleanza locale Valle Imagna e Villa d'Almè",
                "ambito-valle-imagna",
                (),
                ("valle-imagna-villa-dalme",),
                "325-2020-04",
                "Conciliazione con TATTO",
            ),
            (
                "alleanza-grumello-seriate",
                "Alleanza locale Grumello del Monte e Seriate",
                "ambito-grumello",
                ("ambito-seriate",),
                ("grumello", "seriate"),
                "325-2020-05",
                "WELFARE INEDITO – Fare Insieme WI-FI",
            ),
        )
    ),
)


def ensure_demo_alliances(*, actor: User, scale: int = 1) -> int:
    """Create the real alliances and the synthetic ones that are missing;
    return how many alliances were added."""
    with transaction.atomic():
        added = _real_alliances(actor=actor)
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    for ats in ATS.objects.order_by("code"):
        count = SYNTHETIC_PER_ATS * (scale - 1 if ats.slug in REAL_ATS else scale)
        if count:
            with transaction.atomic():
                added += generate_alliances(
                    ats=ats, period=period, count=count, actor=actor
                )
    return added


def _real_alliances(*, actor: User) -> int:
    codes = real_tax_codes()
    organisations = {
        organisation.tax_code: organisation
        for organisation in Organisation.objects.filter(tax_code__in=codes.values())
    }
    by_key = {key: organisations[code] for key, code in codes.items()}
    periods = {p.slug: p for p in ProgrammingPeriod.objects.all()}
    ambiti = {a.slug: a for a in Ambito.objects.all()}
    added = 0
    for real in REAL_ALLIANCES:
        ats = ATS.objects.get(slug=real.ats)
        if Alliance.objects.filter(ats=ats, slug=real.slug).exists():
            continue
        lead = by_key[real.lead]
        alliance = Alliance.objects.create(
            ats=ats,
            name=real.name,
            slug=real.slug,
            description=real.description,
            lead=lead,
            website=real.website,
            contact_name=real.contact_name,
            contact_email=real.contact_email,
            is_open_to_partners=real.is_open_to_partners,
        )
        alliance.periods.set([periods[slug] for slug in real.periods])
        alliance.ambiti.set([ambiti[slug] for slug in real.ambiti])
        members = [by_key[key] for key in real.partners] + _unnamed_firms(
            ats, real.unnamed_firms
        )
        Partner.objects.bulk_create(
            [
                Partner(
                    alliance=alliance,
                    organisation=lead,
                    role=PartnerRole.LEAD,
                    joined_on=real.joined_on,
                ),
                *(
                    Partner(
                        alliance=alliance,
                        organisation=organisation,
                        role=PartnerRole.PARTNER,
                        joined_on=real.joined_on,
                    )
                    for organisation in members
                ),
            ]
        )
        for project in real.projects:
            Project.objects.create(
                code=project.code,
                title=project.title,
                alliance=alliance,
                ats=ats,
                period=periods[project.period],
                summary=project.summary,
                total_cost=project.total_cost,
                starts_on=project.starts_on,
                ends_on=project.ends_on,
                status=project.status,
                origin=ProjectOrigin.HISTORICAL,
            )
        event_record(
            actor=actor,
            verb="demo.load_alliance",
            target=alliance,
            note=(
                f"Alleanza dalle fonti pubbliche, {len(members) + 1} enti e "
                f"{len(real.projects)} progetti."
            ),
        )
        added += 1
    return added


def _unnamed_firms(ats: ATS, count: int) -> list[Organisation]:
    """Synthetic micro, small and medium firms of ``ats`` (labelled synthetic)."""
    if not count:
        return []
    return list(
        Organisation.objects.filter(
            is_synthetic=True,
            ambito__ats=ats,
            typology=Typology.PRIVATE_COMPANY,
            size_class__in=[SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM],
        ).order_by("pk")[:count]
    )


_WORDS = (
    "Tempo",
    "Famiglie",
    "Equilibri",
    "Ponti",
    "Insieme",
    "Orizzonti",
    "Radici",
    "Armonie",
    "Passi",
    "Cura",
)
_SERVICES = (
    "servizi per i caregiver familiari",
    "pre e post scuola e campi estivi",
    "servizi salvatempo in azienda",
    "consulenza alle piccole imprese",
    "sostegno ai lavoratori autonomi",
    "tempi della città",
)
_LEAD_TYPOLOGIES = (
    Typology.PUBLIC_BODY,
    Typology.PUBLIC_AMBITO,
    Typology.PRIVATE_NONPROFIT,
)
_DEMO_SUMMARY = (
    f"{DEMO_NOTE}: progetto generato per mostrare il portale con volumi "
    "realistici. Titolo, partner, aree e importi non sono reali."
)


def generate_alliances(
    *, ats: ATS, period: ProgrammingPeriod, count: int, actor: User
) -> int:
    """Synthetic alliances 1..``count`` of ``ats`` in ``period`` that are
    missing, each led by a synthetic public body or non-profit, with 2-7
    synthetic partners of the ATS and one or two projects; return how many
    were added. Deterministic: the same ``ats`` and number give the same data.
    """
    pool = list(
        Organisation.objects.filter(is_synthetic=True, ambito__ats=ats)
        .select_related("ambito")
        .order_by("pk")
    )
    leads = [o for o in pool if o.typology in _LEAD_TYPOLOGIES]
    if not leads:
        return 0
    existing = set(
        Alliance.objects.filter(
            ats=ats, slug__startswith="alleanza-dimostrativa-"
        ).values_list("slug", flat=True)
    )
    areas = list(InterventionArea.objects.filter(period=period))
    year = period.starts_on.year
    alliances: list[Alliance] = []
    plans: list[tuple[random.Random, Organisation, int]] = []
    for number in range(1, count + 1):
        slug = f"alleanza-dimostrativa-{number:04d}"
        if slug in existing:
            continue
        rng = random.Random(f"conciliare-demo-alliance-{ats.slug}-{number}")
        lead = rng.choice(leads)
        place = lead.ambito.name if lead.ambito else ats.short_name
        alliances.append(
            Alliance(
                ats=ats,
                slug=slug,
                name=f"Alleanza {rng.choice(_WORDS)} {place} (dimostrativa {number})",
                description=(
                    f"{DEMO_NOTE}: alleanza generata per mostrare il portale con "
                    "volumi realistici; non esiste."
                ),
                lead=lead,
            )
        )
        plans.append((rng, lead, number))
    if not alliances:
        return 0
    created = Alliance.objects.bulk_create(alliances, batch_size=500)
    Alliance.periods.through.objects.bulk_create(
        [
            Alliance.periods.through(alliance_id=a.pk, programmingperiod_id=period.pk)
            for a in created
        ],
        batch_size=1000,
    )
    Alliance.ambiti.through.objects.bulk_create(
        [
            Alliance.ambiti.through(alliance_id=a.pk, ambito_id=a.lead.ambito_id)
            for a in created
            if a.lead.ambito_id
        ],
        batch_size=1000,
    )
    partners: list[Partner] = []
    projects: list[Project] = []
    project_areas: list[tuple[int, list[InterventionArea]]] = []
    for alliance, (rng, lead, number) in zip(created, plans, strict=True):
        joined = date(year, 3, 1)
        others = rng.sample(pool, k=min(len(pool), rng.randint(3, 8)))
        members = [o for o in others if o.pk != lead.pk][:7]
        partners.append(
            Partner(
                alliance=alliance,
                organisation=lead,
                role=PartnerRole.LEAD,
                joined_on=joined,
            )
        )
        partners.extend(
            Partner(
                alliance=alliance,
                organisation=organisation,
                role=PartnerRole.PARTNER,
                joined_on=joined,
                economic_contribution=Decimal(rng.randrange(1_000, 15_000, 500)),
                economic_contribution_note=f"{DEMO_NOTE}.",
            )
            for organisation in members
        )
        for index in range(1, rng.choice((1, 1, 2)) + 1):
            funding = Decimal(rng.randrange(20_000, 90_000, 500))
            projects.append(
                Project(
                    code=f"{ats.code}-{year}-D{number:04d}-{index}",
                    title=(
                        f"{rng.choice(_WORDS)} {rng.choice(_WORDS).lower()}: "
                        f"{rng.choice(_SERVICES)} (dimostrativo)"
                    ),
                    alliance=alliance,
                    ats=ats,
                    period=period,
                    summary=_DEMO_SUMMARY,
                    public_funding=funding,
                    # partners co-finance about 30% (DOMAIN.md 4)
                    total_cost=(funding / Decimal("0.7")).quantize(Decimal("1")),
                    starts_on=date(year, 6, 1),
                    ends_on=date(year + 3, 5, 31),
                    status=rng.choice(
                        (
                            ProjectStatus.COMPLETED,
                            ProjectStatus.REPORTED,
                            ProjectStatus.BALANCE_PAID,
                        )
                    ),
                    origin=ProjectOrigin.HISTORICAL,
                )
            )
            chosen = rng.sample(areas, k=min(len(areas), rng.randint(1, 2)))
            project_areas.append((len(projects) - 1, chosen))
    Partner.objects.bulk_create(partners, batch_size=1000)
    saved = Project.objects.bulk_create(projects, batch_size=500)
    Project.areas.through.objects.bulk_create(
        [
            Project.areas.through(project_id=saved[i].pk, interventionarea_id=area.pk)
            for i, chosen in project_areas
            for area in chosen
        ],
        batch_size=1000,
    )
    event_record(
        actor=actor,
        verb="demo.load_alliances",
        target=ats,
        note=(
            f"{len(created)} alleanze e {len(saved)} progetti dimostrativi "
            f"({period.name})."
        ),
    )
    return len(created)
