import pytest
from django.core.management import call_command
from django.db.models import Count

from conciliare.accounts.models import Role, User
from conciliare.audit.models import AuditEvent
from conciliare.documents.models import Document
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
    )
    call_command("load_demo")

    # then nothing doubled
    assert (
        Organisation.objects.count(),
        Document.objects.count(),
        User.objects.count(),
    ) == first

    # the real entities are there, not labelled synthetic
    irene = Organisation.objects.get(legal_name__startswith="Associazione IRENE")
    assert irene.is_synthetic is False
    assert Organisation.objects.filter(is_synthetic=False).count() == 25

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
    assert Document.objects.filter(is_public=False).count() == 1

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
