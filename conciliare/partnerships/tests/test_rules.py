"""Permission matrices of the alliance rules, and their selector twins."""

import pytest
from django.contrib.auth.models import AnonymousUser

from conciliare.partnerships.management_selectors import alliance_list_managed_by
from conciliare.partnerships.models import Alliance, PartnerRequest
from conciliare.partnerships.request_selectors import partner_request_visible_to
from conciliare.partnerships.tests.factories import AllianceFactory
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db

PEOPLE = [
    "lead_rep",
    "partner_rep",
    "other_rep",
    "ats_officer",
    "other_ats_officer",
    "regional_officer",
    "committee_member",
    "citizen",
]
MANAGERS = {"lead_rep", "ats_officer", "regional_officer"}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(
    "perm",
    [
        "partnerships.manage_alliance",
        "partnerships.change_alliance",
        "partnerships.manage_partners",
        "partnerships.attach_alliance_document",
        "partnerships.change_alliance_lead",
    ],
)
def test_who_runs_an_alliance(who, perm, alliance, actor_for):
    user = actor_for(who, alliance)

    assert user.has_perm(perm, alliance) is (who in MANAGERS)
    # the selector of "Le mie alleanze" agrees with the rule
    assert (alliance in alliance_list_managed_by(user=user)) is (who in MANAGERS)


def test_nobody_anonymous_runs_an_alliance(alliance):
    assert not AnonymousUser().has_perm("partnerships.manage_alliance", alliance)
    assert not alliance_list_managed_by(user=AnonymousUser()).exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("lead_rep", True),
        ("partner_rep", True),
        ("other_rep", True),
        ("ats_officer", True),
        ("other_ats_officer", True),
        ("regional_officer", True),
        ("committee_member", False),
        ("citizen", False),
    ],
)
def test_who_may_open_the_creation_form(who, allowed, alliance, actor_for):
    user = actor_for(who, alliance)

    assert user.has_perm("partnerships.add_alliance") is allowed
    assert user.has_perm("partnerships.view_managed_alliances") is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("lead_rep", True),  # the organisation it will lead
        ("other_rep", False),  # another organisation's
        ("ats_officer", True),  # an alliance of the officer's ATS
        ("other_ats_officer", False),
        ("regional_officer", True),
        ("citizen", False),
    ],
)
def test_who_may_create_this_alliance(who, allowed, alliance, actor_for):
    user = actor_for(who, alliance)
    new = Alliance(ats=alliance.ats, lead=alliance.lead)

    assert user.has_perm("partnerships.add_alliance", new) is allowed


@pytest.mark.parametrize(
    ("who", "file", "view", "withdraw", "decide"),
    [
        ("requester", True, True, True, False),
        ("requester_colleague", True, True, True, False),
        ("lead_rep", False, True, False, True),
        ("partner_rep", False, False, False, False),
        ("other_rep", False, False, False, False),
        ("ats_officer", False, True, False, True),
        ("other_ats_officer", False, False, False, False),
        ("regional_officer", False, True, False, True),
        ("committee_member", False, False, False, False),
        ("citizen", False, False, False, False),
    ],
)
def test_who_files_sees_withdraws_and_decides_a_scheda(
    who, file, view, withdraw, decide, alliance, actor_for
):
    # given a request of an organisation to join the alliance
    from conciliare.accounts.models import Role
    from conciliare.accounts.tests.factories import make_user

    organisation = OrganisationFactory.create()
    requester = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=organisation)
    partner_request = PartnerRequest.objects.create(
        alliance=alliance,
        organisation=organisation,
        requested_by=requester,
        technical_contribution="Sportello",
    )
    if who == "requester":
        user = requester
    elif who == "requester_colleague":
        user = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=organisation)
    else:
        user = actor_for(who, alliance)

    # then
    assert user.has_perm("partnerships.file_partner_request", organisation) is file
    assert user.has_perm("partnerships.view_partner_request", partner_request) is view
    assert (
        user.has_perm("partnerships.withdraw_partner_request", partner_request)
        is withdraw
    )
    assert (
        user.has_perm("partnerships.decide_partner_request", partner_request) is decide
    )
    assert (partner_request in partner_request_visible_to(user=user)) is view


def test_an_officer_of_another_ats_manages_the_alliances_of_that_ats(actor_for):
    brescia = AllianceFactory.create(ats=ATS.objects.get(slug="brescia"))
    officer = actor_for("other_ats_officer", brescia)

    assert officer.has_perm("partnerships.manage_alliance", brescia)
    assert list(alliance_list_managed_by(user=officer)) == [brescia]


def test_a_representative_reads_the_private_documents_of_its_alliances(
    alliance, actor_for
):
    # given a private agreement of the alliance
    from conciliare.documents.selectors import document_visible_to
    from conciliare.documents.tests.factories import DocumentFactory

    agreement = DocumentFactory.create(is_public=False, ats=alliance.ats)
    other = DocumentFactory.create(is_public=False, ats=alliance.ats)
    alliance.agreement = agreement
    alliance.save()
    attached = DocumentFactory.create(is_public=False, ats=alliance.ats)
    alliance.documents.add(attached)

    for who in ("lead_rep", "partner_rep"):
        user = actor_for(who, alliance)
        assert user.has_perm("documents.view_document", agreement)
        assert user.has_perm("documents.view_document", attached)
        assert not user.has_perm("documents.view_document", other)
        assert set(document_visible_to(user=user).filter(is_public=False)) == {
            agreement,
            attached,
        }
    assert not actor_for("other_rep", alliance).has_perm(
        "documents.view_document", agreement
    )
