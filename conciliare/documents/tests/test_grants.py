"""Grants: another app lets particular people read particular private
documents; the rule and the selector both honour them."""

import pytest

from conciliare.accounts.models import User
from conciliare.documents import grants
from conciliare.documents.models import Document
from conciliare.documents.selectors import document_visible_to
from conciliare.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(monkeypatch):
    """A grant: each private document is readable by the person who uploaded
    it (a stand-in for an app's own relation, like a membership's requester)."""

    def uploaded_by(user: User):
        return Document.objects.filter(uploaded_by=user).values("pk")

    monkeypatch.setattr(grants, "_grants", [])
    grants.document_grant_register(uploaded_by)
    grants.document_grant_register(uploaded_by)  # registering twice is harmless
    assert len(grants._grants) == 1


def test_a_granted_person_reads_the_private_document_and_nobody_else(
    make_actor, granted
):
    # given a private document granted to one citizen
    owner, other = make_actor("citizen"), make_actor("citizen")
    document = DocumentFactory.create(is_public=False, uploaded_by=owner)

    # then the rule and the selector agree: the owner only
    assert owner.has_perm("documents.view_document", document) is True
    assert other.has_perm("documents.view_document", document) is False
    assert document in document_visible_to(user=owner)
    assert document not in document_visible_to(user=other)


def test_without_grants_a_citizen_reads_no_private_document(make_actor, monkeypatch):
    monkeypatch.setattr(grants, "_grants", [])
    citizen = make_actor("citizen")
    document = DocumentFactory.create(is_public=False, uploaded_by=citizen)

    assert citizen.has_perm("documents.view_document", document) is False
    assert document not in document_visible_to(user=citizen)
