from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count

from conciliare.accounts.models import Role, User
from conciliare.audit.models import AuditEvent
from conciliare.documents.models import Document, DocumentKind
from conciliare.monitoring.models import Expense
from conciliare.partnerships.models import Alliance, Partner, PartnerRole
from conciliare.projects.models import Project, ProjectOrigin
from conciliare.registry.models import MembershipStatus, Network, Organisation
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db


def test_load_demo_twice_loads_everything_once():
    # when
    call_command("load_demo")
    first = (
        Organisation.objects.count(),
        Document.objects.count(),
        User.objects.count(),
        Alliance.objects.count(),
        Partner.objects.count(),
        Project.objects.count(),
    )
    call_command("load_demo")

    # then nothing doubled
    assert (
        Organisation.objects.count(),
        Document.objects.count(),
        User.objects.count(),
        Alliance.objects.count(),
        Partner.objects.count(),
        Project.objects.count(),
    ) == first

    # the real entities are there, not labelled synthetic
    irene = Organisation.objects.get(legal_name__startswith="Associazione IRENE")
    assert irene.is_synthetic is False
    assert Organisation.objects.filter(is_synthetic=False).count() == 32

    # ATS Milano's network has the size the ATS published (398 members, seed 001)
    per_ats = dict(
        Organisation.objects.filter(is_synthetic=True)
        .values("ambito__ats__slug")
        .annotate(n=Count("pk"))
        .values_list("ambito__ats__slug", "n")
    )
    assert per_ats["milano"] == 398
    assert per_ats["montagna"] == 119
    assert len(per_ats) == ATS.objects.count()

    # one account per role, staff with TOTP, IRENE's representative linked to IRENE
    rep = User.objects.get(email="irene@conciliare.demo")
    assert [(a.role, a.organisation) for a in rep.roles] == [
        (Role.ORGANISATION_REPRESENTATIVE, irene)
    ]
    officer = User.objects.get(email="ats.milano@conciliare.demo")
    assert officer.authenticator_set.filter(type="totp").exists()
    assert officer.check_password("conciliare-demo")

    # real organisations were created by the demo regional officer, with an audit trail
    event = (
        AuditEvent.objects.for_object(irene).filter(verb="organisation.create").get()
    )
    assert event.actor.email == "regione@conciliare.demo"

    # public and private demo documents
    # one private demo document, the five signed agreements of the 2020
    # plan and the supporting documents of its projects' expenses (one each,
    # and one shared by the synthetic statements); the others are
    # applications' attachments and receipts
    private = Document.objects.filter(is_public=False).exclude(kind=DocumentKind.OTHER)
    kinds = (DocumentKind.AGREEMENT, DocumentKind.REPORT)
    assert private.exclude(kind__in=kinds).count() == 1
    assert private.filter(kind=DocumentKind.AGREEMENT).count() == 5
    assert (
        private.filter(kind=DocumentKind.REPORT).count()
        == Expense.objects.values("document").distinct().count()
    )

    # the networks: ATS Milano had 398 members in 2020-2023 (seed 001); in
    # 2025-2027 people wait for the ATS and IRENE was approved by its officer
    milano_2020 = Network.objects.get(ats__slug="milano", period__slug="2020-2023")
    assert milano_2020.memberships.filter(status=MembershipStatus.ACTIVE).count() == 398
    current = Network.objects.get(ats__slug="milano", period__slug="2025-2027")
    assert current.memberships.filter(status=MembershipStatus.REQUESTED).count() == 3
    assert current.memberships.get(organisation=irene).status == MembershipStatus.ACTIVE
    assert Network.objects.count() == 2 * ATS.objects.count()

    # ATS Milano's committee with its first meeting and decisions
    committee = current.committee_members.select_related("user")
    assert {m.user.email for m in committee} == {
        "comitato.milano@conciliare.demo",
        "elena.sala@conciliare.demo",
    }
    meeting = current.committee_meetings.get()
    assert meeting.decisions.count() == 2


def test_load_demo_scales_the_synthetic_volume():
    call_command("load_demo", "--scale", "2")
    assert Organisation.objects.filter(is_synthetic=True).count() == 2 * 1264


def test_load_demo_creates_the_real_alliances_and_projects_of_the_sources():
    call_command("load_demo")

    # ATS Milano 2020-2023: the five alliances and projects of seed 001
    milano = Project.objects.filter(ats__slug="milano", period__slug="2020-2023")
    assert sorted(milano.values_list("code", flat=True)) == [
        f"321-2020-0{n}" for n in range(1, 6)
    ]
    agriwel = Project.objects.get(code="321-2020-01")
    assert agriwel.title == "AGRIWEL – Welfare nella filiera agricola"
    assert agriwel.total_cost == 150_000
    assert agriwel.origin == ProjectOrigin.HISTORICAL
    irene = agriwel.alliance
    assert irene.lead.legal_name.startswith("Associazione IRENE")
    assert sorted(
        irene.partners.filter(role=PartnerRole.PARTNER).values_list(
            "organisation__legal_name", flat=True
        )
    ) == [
        "CGIL Camera del Lavoro Ticino Olona",
        "CIA Provincia Centro Lombardia",
        "CISL Milano Metropoli",
        "Casa dell'Agricoltura",
        "Città Metropolitana di Milano",
        "UIL Milano e Lombardia",
    ]

    # ATS Bergamo 2020-2023: five projects (S7); ATS Brescia: three alliances
    assert sorted(
        Project.objects.filter(ats__slug="bergamo").values_list("title", flat=True)
    ) == [
        "Beatrice 3.0",
        "Conciliazione con TATTO",
        "Smart Community",
        "Tempi accoglienti per le famiglie",
        "WELFARE INEDITO – Fare Insieme WI-FI",
    ]
    assert sorted(
        Alliance.objects.filter(ats__slug="brescia").values_list(
            "lead__legal_name", flat=True
        )
    ) == [
        "Comune di Brescia",
        "Comune di Montichiari",
        "Comune di Palazzolo sull'Oglio",
    ]

    # ASL Milano 1, 2014-2016: Legnano's alliance, 14 named bodies and 8 firms
    legnano = Alliance.objects.get(slug="conciliazione-innova-piccola-impresa")
    assert legnano.periods.get().slug == "2014-2016"
    assert legnano.partners.count() == 14 + 8
    assert legnano.partners.filter(organisation__is_synthetic=True).count() == 8
    project = legnano.projects.get()
    assert (project.starts_on, project.ends_on) == (date(2014, 9, 1), date(2017, 1, 31))

    # the other ATS get synthetic alliances, labelled as such
    for slug in ("insubria", "montagna", "brianza", "val-padana", "pavia"):
        synthetic = Alliance.objects.filter(ats__slug=slug)
        assert synthetic.count() == 4
        assert all("dimostrativ" in a.name for a in synthetic)
    invented = Project.objects.exclude(summary="").filter(public_funding__isnull=False)
    assert invented.exists()
    assert all(p.summary.startswith("Dato dimostrativo") for p in invented)
    # the real projects carry no invented figures
    assert not Project.objects.filter(
        code__regex=r"^32[0-9]-20(14|20)-0[0-9]$", public_funding__isnull=False
    ).exists()


def test_generate_alliances_adds_only_the_missing_ones(db):
    from conciliare.accounts.services import system_user
    from conciliare.demo.alliances import generate_alliances
    from conciliare.demo.synthetic import synthetic_organisations
    from conciliare.territory.models import ProgrammingPeriod

    Organisation.objects.bulk_create(synthetic_organisations(scale=1))
    pavia = ATS.objects.get(slug="pavia")
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    actor = system_user()

    assert generate_alliances(ats=pavia, period=period, count=3, actor=actor) == 3
    assert generate_alliances(ats=pavia, period=period, count=5, actor=actor) == 2
    assert generate_alliances(ats=pavia, period=period, count=5, actor=actor) == 0
    assert Alliance.objects.filter(ats=pavia).count() == 5
    assert (
        Partner.objects.filter(alliance__ats=pavia, role=PartnerRole.LEAD).count() == 5
    )
    assert Project.objects.filter(ats=pavia).count() >= 5
