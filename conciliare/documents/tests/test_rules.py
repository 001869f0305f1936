import pytest
from django.contrib.auth.models import AnonymousUser

from conciliare.accounts.tests.factories import ROLES
from conciliare.documents.models import Document
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db

STAFF_OF_MILANO = {"committee_member", "ats_officer", "regional_officer"}
OFFICERS = {"ats_officer", "regional_officer"}


def _user(make_actor, who, ats_slug="milano"):
    return make_actor(who, ats_slug=ats_slug) or AnonymousUser()


@pytest.mark.parametrize("who", ROLES)
def test_add_document_rule(who, make_actor):
    user = _user(make_actor, who)
    assert user.has_perm("documents.add_document") is (who in OFFICERS)


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("ats_slug", ["milano", "brescia", None])
def test_add_document_rule_for_a_given_document(who, ats_slug, make_actor):
    # given an unsaved document of ATS Milano, of ATS Brescia or of the Region
    user = _user(make_actor, who)
    draft = Document(ats=ATS.objects.get(slug=ats_slug) if ats_slug else None)

    # then a Milano officer uploads only for Milano; the Region for everyone
    allowed = who == "regional_officer" or (
        who == "ats_officer" and ats_slug == "milano"
    )
    assert user.has_perm("documents.add_document", draft) is allowed


@pytest.mark.parametrize("who", ROLES)
def test_change_document_rule_on_an_ats_document(who, make_actor):
    document = DocumentFactory.create(is_public=False)
    user = _user(make_actor, who)
    assert user.has_perm("documents.change_document", document) is (who in OFFICERS)


@pytest.mark.parametrize("who", ROLES)
def test_change_document_rule_on_a_regional_document(who, make_actor):
    document = DocumentFactory.create(ats=None, is_public=True)
    user = _user(make_actor, who)
    assert user.has_perm("documents.change_document", document) is (
        who == "regional_officer"
    )


@pytest.mark.parametrize("who", ROLES)
def test_view_document_rule_on_a_public_document(who, make_actor):
    document = DocumentFactory.create(is_public=True)
    user = _user(make_actor, who)
    assert user.has_perm("documents.view_document", document) is True


@pytest.mark.parametrize("who", ROLES)
def test_view_document_rule_on_a_private_ats_document(who, make_actor):
    document = DocumentFactory.create(is_public=False)
    user = _user(make_actor, who)
    assert user.has_perm("documents.view_document", document) is (
        who in STAFF_OF_MILANO
    )


@pytest.mark.parametrize("who", ROLES)
def test_view_document_rule_on_a_private_regional_document(who, make_actor):
    document = DocumentFactory.create(ats=None, is_public=False)
    user = _user(make_actor, who)
    assert user.has_perm("documents.view_document", document) is (
        who == "regional_officer"
    )


@pytest.mark.parametrize("who", ["ats_officer", "committee_member"])
def test_staff_of_brescia_cannot_touch_a_private_document_of_milano(who, make_actor):
    # given a private document of ATS Milano
    document = DocumentFactory.create(is_public=False)

    # when someone of ATS Brescia asks
    user = make_actor(who, ats_slug="brescia")

    # then
    assert user.has_perm("documents.view_document", document) is False
    assert user.has_perm("documents.change_document", document) is False


def test_an_officer_of_brescia_cannot_change_a_public_document_of_milano(make_actor):
    document = DocumentFactory.create(is_public=True)
    user = make_actor("ats_officer", ats_slug="brescia")
    assert user.has_perm("documents.view_document", document) is True
    assert user.has_perm("documents.change_document", document) is False
