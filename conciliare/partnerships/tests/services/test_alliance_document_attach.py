from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.audit.models import AuditEvent
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.tests.factories import upload
from conciliare.partnerships.services import alliance_document_attach

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "title": "Accordo di partenariato 2020-2023",
        "kind": DocumentKind.AGREEMENT,
        "act_number": "",
        "act_date": date(2020, 3, 2),
        "valid_from": date(2020, 3, 2),
        "valid_until": date(2023, 5, 31),
        "is_public": True,
    }
    data.update(overrides)
    return data


def test_the_lead_uploads_the_agreement(alliance, actor_for):
    # given
    representative = actor_for("lead_rep", alliance)

    # when
    document = alliance_document_attach(
        actor=representative,
        alliance=alliance,
        data=_data(),
        file=upload(),
        as_agreement=True,
    )

    # then
    alliance.refresh_from_db()
    assert alliance.agreement == document
    assert (document.kind, document.ats, document.uploaded_by) == (
        DocumentKind.AGREEMENT,
        alliance.ats,
        representative,
    )
    assert document.valid_until == date(2023, 5, 31)
    assert AuditEvent.objects.for_object(alliance).get().verb == (
        "alliance.agreement_attach"
    )
    assert AuditEvent.objects.for_object(document).get().verb == "document.create"


def test_a_new_agreement_keeps_the_former_among_the_documents(alliance, actor_for):
    officer = actor_for("ats_officer", alliance)
    first = alliance_document_attach(
        actor=officer, alliance=alliance, data=_data(), file=upload(), as_agreement=True
    )

    second = alliance_document_attach(
        actor=officer,
        alliance=alliance,
        data=_data(
            title="Accordo rinnovato", valid_from=date(2025, 1, 1), valid_until=None
        ),
        file=upload(),
        as_agreement=True,
    )

    alliance.refresh_from_db()
    assert alliance.agreement == second
    assert list(alliance.documents.all()) == [first]


def test_another_document_is_attached_to_the_list(alliance, actor_for):
    document = alliance_document_attach(
        actor=actor_for("lead_rep", alliance),
        alliance=alliance,
        data=_data(title="Verbale", kind=DocumentKind.MINUTES, is_public=False),
        file=upload(),
    )

    alliance.refresh_from_db()
    assert alliance.agreement is None
    assert list(alliance.documents.all()) == [document]
    assert not document.is_public


def test_a_file_that_is_not_a_document_is_refused_and_nothing_stays(
    alliance, actor_for
):
    with pytest.raises(ValidationError) as info:
        alliance_document_attach(
            actor=actor_for("lead_rep", alliance),
            alliance=alliance,
            data=_data(),
            file=upload("accordo.pdf", b"MZ\x90\x00 not a pdf"),
            as_agreement=True,
        )

    assert "file" in info.value.message_dict
    alliance.refresh_from_db()
    assert alliance.agreement is None
    assert not Document.objects.exists()


@pytest.mark.parametrize("who", ["partner_rep", "other_ats_officer", "citizen"])
def test_others_may_not_attach(who, alliance, actor_for):
    with pytest.raises(PermissionDenied):
        alliance_document_attach(
            actor=actor_for(who, alliance),
            alliance=alliance,
            data=_data(),
            file=upload(),
            as_agreement=True,
        )
    assert not Document.objects.exists()
