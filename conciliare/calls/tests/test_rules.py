"""The ``calls.*`` permissions for the main roles, and the selectors that
must agree with them (what a list shows is what a page lets open)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.calls.selectors import (
    call_list_managed,
    call_visible_to,
    guidance_list_managed,
    guidance_visible_to,
)
from conciliare.calls.tests.factories import make_call, make_guidance
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

WHO = (
    "regional_officer",
    "ats_officer",
    "other_ats_officer",
    "committee_member",
    "representative",
    "anonymous",
)


def _actor(who):
    if who == "regional_officer":
        return make_user(Role.REGIONAL_OFFICER)
    if who == "ats_officer":
        return make_user(Role.ATS_OFFICER, ats=ats("milano"))
    if who == "other_ats_officer":
        return make_user(Role.ATS_OFFICER, ats=ats("brescia"))
    if who == "committee_member":
        return make_user(Role.COMMITTEE_MEMBER, ats=ats("milano"))
    if who == "representative":
        return make_user(
            Role.ORGANISATION_REPRESENTATIVE,
            organisation=OrganisationFactory.create(),
        )
    return AnonymousUser()


#: who -> the perms they hold on a draft and on a published call of Milano.
CALL_MATRIX = {
    #                    view   manage change publish amend  apps
    "regional_officer": ((1, 1, 0, 0, 0, 1), (1, 1, 0, 0, 0, 1)),
    "ats_officer": ((1, 1, 1, 1, 0, 1), (1, 1, 0, 0, 1, 1)),
    "other_ats_officer": ((0, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0)),
    "committee_member": ((1, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0)),
    "representative": ((0, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0)),
    "anonymous": ((0, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0)),
}
CALL_PERMS = (
    "calls.view_call",
    "calls.manage_call",
    "calls.change_call",
    "calls.publish_call",
    "calls.amend_call",
    "calls.view_call_applications",
)


@pytest.mark.parametrize("who", WHO)
def test_call_permissions(who):
    # given
    draft = make_call(published=False)
    published = make_call()
    user = _actor(who)

    # then
    for call, expected in zip((draft, published), CALL_MATRIX[who], strict=True):
        held = tuple(int(user.has_perm(perm, call)) for perm in CALL_PERMS)
        assert held == expected, (who, call.status)


@pytest.mark.parametrize(
    ("who", "manage_list", "add"),
    [
        ("regional_officer", True, False),
        ("ats_officer", True, True),
        ("committee_member", False, False),
        ("representative", False, False),
        ("anonymous", False, False),
    ],
)
def test_the_reserved_list_and_creating_calls(who, manage_list, add):
    user = _actor(who)
    assert user.has_perm("calls.view_managed_calls") is manage_list
    assert user.has_perm("calls.add_call") is add
    assert user.has_perm("calls.add_guidance") is add


#: who -> (view, change, adopt) on a DTI of Milano being drafted, adopted.
GUIDANCE_MATRIX = {
    "regional_officer": ((1, 0, 0), (1, 0, 0)),
    "ats_officer": ((1, 1, 1), (1, 0, 0)),
    "other_ats_officer": ((0, 0, 0), (1, 0, 0)),
    "committee_member": ((1, 1, 0), (1, 0, 0)),
    "representative": ((0, 0, 0), (1, 0, 0)),
    "anonymous": ((0, 0, 0), (1, 0, 0)),
}
GUIDANCE_PERMS = (
    "calls.view_guidance",
    "calls.change_guidance",
    "calls.adopt_guidance",
)


@pytest.mark.parametrize("who", WHO)
def test_guidance_permissions(who):
    draft = make_guidance(adopted=False)
    adopted = make_guidance(ats_slug="brianza")
    adopted.ats = draft.ats  # judged as Milano's, without a second of a period
    user = _actor(who)

    for guidance, expected in zip((draft, adopted), GUIDANCE_MATRIX[who], strict=True):
        held = tuple(int(user.has_perm(perm, guidance)) for perm in GUIDANCE_PERMS)
        assert held == expected, (who, guidance.status)


@pytest.mark.parametrize("who", WHO)
def test_the_selectors_agree_with_the_permissions(who):
    # given calls and DTIs of two ATS, drafted and public
    calls = [
        make_call(published=False),
        make_call(),
        make_call(ats_slug="brescia", published=False),
        make_call(ats_slug="brescia"),
    ]
    documents = [make_guidance(ats_slug="pavia", adopted=False)]
    documents += [make_guidance(), make_guidance(ats_slug="brescia")]
    user = _actor(who)

    # then
    visible = set(call_visible_to(user=user))
    assert {c for c in calls if user.has_perm("calls.view_call", c)} == visible
    if user.is_authenticated:
        managed = set(call_list_managed(user=user))
        assert {c for c in calls if user.has_perm("calls.manage_call", c)} == managed
        staff = set(guidance_list_managed(user=user))
        assert staff <= set(guidance_visible_to(user=user))
    seen = set(guidance_visible_to(user=user))
    assert {g for g in documents if user.has_perm("calls.view_guidance", g)} == seen
