"""Who sees and who signs an agreement: the rule, the selector and the
pages agree, role by role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.plans.agreement_selectors import agreement_visible_to
from conciliare.plans.agreement_services import agreements_generate
from conciliare.plans.tests.agreement_factories import make_agreement_plan
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.reviews.tests.factories import make_seat

pytestmark = pytest.mark.django_db

#: who -> (may read the agreement, may sign it and manage the plan's agreements)
MATRIX = {
    "same_ats_officer": (True, True),
    "other_ats_officer": (False, False),
    "regional_officer": (True, False),
    "lead_representative": (True, False),
    "partner_representative": (False, False),
    "other_lead_representative": (False, False),
    "committee_member": (False, False),
    "citizen": (False, False),
    "anonymous": (False, False),
}


@pytest.fixture
def world():
    setup = make_agreement_plan(grants=("30000.00", "20000.00"))
    agreements = agreements_generate(actor=setup.officer, version=setup.version)
    team, other_team = setup.teams
    users = {
        "same_ats_officer": setup.officer,
        "other_ats_officer": make_user(Role.ATS_OFFICER, ats=ats("brianza")),
        "regional_officer": make_user(Role.REGIONAL_OFFICER),
        "lead_representative": team.lead_rep,
        "partner_representative": team.partner_rep,
        "other_lead_representative": make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=OrganisationFactory()
        ),
        "committee_member": make_seat(call=setup.call).user,
        "citizen": make_user(),
        "anonymous": AnonymousUser(),
    }
    return setup, agreements[0], agreements[1], users, other_team


@pytest.mark.parametrize("who", MATRIX)
def test_rule_and_selector_agree(world, who):
    setup, agreement, _other, users, _team = world
    user = users[who]
    may_read, may_sign = MATRIX[who]

    assert user.has_perm("plans.view_agreement", agreement) is may_read
    assert agreement_visible_to(user).filter(pk=agreement.pk).exists() is may_read
    assert user.has_perm("plans.sign_agreement", agreement) is may_sign
    assert user.has_perm("plans.manage_agreements", setup.plan) is may_sign
    assert user.has_perm("plans.manage_agreements", setup.version) is may_sign


def test_a_lead_representative_sees_only_the_own_agreement(world):
    _setup, agreement, other, users, other_team = world

    assert list(agreement_visible_to(users["lead_representative"])) == [agreement]
    assert list(agreement_visible_to(other_team.lead_rep)) == [other]


@pytest.mark.parametrize("who", MATRIX)
def test_the_agreement_page_is_shown_only_to_who_may_read_it(
    world, who, client, sign_in
):
    _setup, agreement, _other, users, _team = world
    user = users[who]
    if who != "anonymous":
        sign_in(user)

    response = client.get(reverse("agreements:agreement-detail", args=[agreement.pk]))

    if who == "anonymous":
        assert response.status_code == 302
    elif MATRIX[who][0]:
        assert response.status_code == 200
        assert (b'id="sign"' in response.content) is MATRIX[who][1]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", MATRIX)
def test_the_plan_page_is_for_the_ats_officers_and_the_region(
    world, who, client, sign_in
):
    setup, _agreement, _other, users, _team = world
    if who != "anonymous":
        sign_in(users[who])

    response = client.get(reverse("agreements:plan-agreements", args=[setup.plan.pk]))
    generate = client.post(
        reverse("agreements:agreements-generate", args=[setup.plan.pk])
    )

    expected = {
        "anonymous": (302, 302),
        "same_ats_officer": (200, 302),
        "regional_officer": (200, 403),
    }.get(who, (404, 404))
    assert (response.status_code, generate.status_code) == expected


def test_a_lead_representative_may_not_sign(world, client, sign_in):
    _setup, agreement, _other, users, _team = world
    sign_in(users["lead_representative"])

    response = client.post(reverse("agreements:agreement-sign", args=[agreement.pk]))

    assert response.status_code == 403


def test_the_lead_representative_downloads_the_own_agreement_documents(
    world, client, sign_in, django_capture_on_commit_callbacks
):
    from conciliare.plans.agreement_pdf import agreement_pdf_issue

    _setup, agreement, other, users, _team = world
    agreement_pdf_issue(agreement_id=agreement.pk)
    agreement_pdf_issue(agreement_id=other.pk)
    agreement.refresh_from_db()
    other.refresh_from_db()
    sign_in(users["lead_representative"])

    own = client.get(
        reverse("documents:document-download", args=[agreement.document_id])
    )
    foreign = client.get(
        reverse("documents:document-download", args=[other.document_id])
    )

    assert own.status_code == 200
    assert b"".join(own.streaming_content).startswith(b"%PDF")
    assert foreign.status_code == 404
