"""The signed form is a private document of the ATS: its requester may read
it back, and nobody outside the ATS's staff besides."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser

from conciliare.documents.selectors import document_visible_to
from conciliare.documents.tests.factories import DocumentFactory, upload
from conciliare.registry.membership_signed_form_services import (
    membership_signed_form_attach,
)
from conciliare.registry.tests.factories import make_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed():
    membership = make_membership()
    return membership_signed_form_attach(
        actor=membership.requested_by, membership=membership, file=upload("f.pdf")
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("requester", True),
        ("ats_officer", True),
        ("regional_officer", True),
        ("committee_member", True),  # the ATS's private documents, as before
        ("ats_officer_brescia", False),
        ("org_representative", False),  # of the organisation, not the requester
        ("citizen", False),
        ("anonymous", False),
    ],
)
def test_who_downloads_the_signed_form(client, login_as, signed, who, allowed):
    # given the signed form of a request, and a person
    if who == "requester":
        client.force_login(signed.requested_by)
    elif who == "ats_officer_brescia":
        login_as("ats_officer", ats_slug="brescia")
    elif who == "org_representative":
        login_as(who, organisation=signed.organisation)
    else:
        login_as(who)

    # when
    response = client.get(signed.signed_form.get_download_url())

    # then
    expected = HTTPStatus.OK if allowed else HTTPStatus.NOT_FOUND
    assert response.status_code == expected


def test_the_requester_reads_only_their_own_private_documents(make_actor, signed):
    # given another private document of the same ATS
    other = DocumentFactory.create(is_public=False)
    requester = signed.requested_by

    # then rule and selector agree: the signed form, not the other one
    visible = set(document_visible_to(user=requester))
    assert signed.signed_form in visible
    assert other not in visible
    assert requester.has_perm("documents.view_document", signed.signed_form)
    assert not requester.has_perm("documents.view_document", other)
    assert signed.signed_form not in document_visible_to(user=AnonymousUser())
