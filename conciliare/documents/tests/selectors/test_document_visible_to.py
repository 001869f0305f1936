import pytest
from django.contrib.auth.models import AnonymousUser

from conciliare.accounts.tests.factories import ROLES, UserFactory
from conciliare.documents.selectors import document_visible_to
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    milano, brescia = ATS.objects.get(slug="milano"), ATS.objects.get(slug="brescia")
    return {
        "public milano": DocumentFactory.create(ats=milano, is_public=True),
        "private milano": DocumentFactory.create(ats=milano, is_public=False),
        "private brescia": DocumentFactory.create(ats=brescia, is_public=False),
        "public regional": DocumentFactory.create(ats=None, is_public=True),
        "private regional": DocumentFactory.create(ats=None, is_public=False),
    }


ACTORS = [(who, "milano") for who in ROLES] + [
    ("ats_officer", "brescia"),
    ("committee_member", "brescia"),
]


@pytest.mark.parametrize(("who", "ats_slug"), ACTORS)
def test_visible_to_agrees_with_the_view_document_rule(
    who, ats_slug, make_actor, documents
):
    # given
    user = make_actor(who, ats_slug=ats_slug) or AnonymousUser()

    # when
    visible = set(document_visible_to(user=user))

    # then
    allowed = {
        document
        for document in documents.values()
        if user.has_perm("documents.view_document", document)
    }
    assert visible == allowed
    assert documents["public milano"] in visible  # the check cannot pass empty


@pytest.mark.parametrize(
    ("who", "ats_slug", "expected"),
    [
        ("anonymous", "milano", {"public milano", "public regional"}),
        (
            "committee_member",
            "milano",
            {"public milano", "private milano", "public regional"},
        ),
        (
            "ats_officer",
            "brescia",
            {"public milano", "private brescia", "public regional"},
        ),
        (
            "regional_officer",
            "milano",
            {
                "public milano",
                "private milano",
                "private brescia",
                "public regional",
                "private regional",
            },
        ),
    ],
)
def test_visible_to_by_role(who, ats_slug, expected, make_actor, documents):
    user = make_actor(who, ats_slug=ats_slug) or AnonymousUser()
    names = {v: k for k, v in documents.items()}
    assert {names[d] for d in document_visible_to(user=user)} == expected


def test_a_superuser_sees_everything(documents):
    user = UserFactory(is_superuser=True)
    assert set(document_visible_to(user=user)) == set(documents.values())
