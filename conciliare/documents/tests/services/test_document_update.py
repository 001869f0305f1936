from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.audit.models import AuditEvent
from conciliare.documents.services import document_update
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db


def test_changes_the_metadata_and_records_what_changed(
    make_actor, django_capture_on_commit_callbacks
):
    # given a public document of ATS Milano
    document = DocumentFactory.create(title="Bozza di avviso", is_public=True)
    officer = make_actor("ats_officer")

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        updated = document_update(
            actor=officer,
            document=document,
            data={"title": "Avviso pubblico", "valid_until": date(2026, 12, 31)},
        )

    # then
    updated.refresh_from_db()
    assert updated.title == "Avviso pubblico"
    assert updated.valid_until == date(2026, 12, 31)
    event = AuditEvent.objects.for_object(document).get()
    assert (event.verb, event.actor) == ("document.update", officer)
    assert event.changes == {
        "title": ["Bozza di avviso", "Avviso pubblico"],
        "valid_until": [None, "2026-12-31"],
    }
    assert len(callbacks) == 1


def test_unpublishing_also_invalidates_the_public_pages(
    make_actor, django_capture_on_commit_callbacks
):
    document = DocumentFactory.create(is_public=True)
    officer = make_actor("regional_officer")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document_update(actor=officer, document=document, data={"is_public": False})

    assert len(callbacks) == 1


def test_a_private_document_leaves_the_public_pages_alone(
    make_actor, django_capture_on_commit_callbacks
):
    document = DocumentFactory.create(is_public=False)
    officer = make_actor("ats_officer")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document_update(actor=officer, document=document, data={"title": "Verbale"})

    assert callbacks == []
    assert AuditEvent.objects.for_object(document).count() == 1


def test_saving_the_same_values_records_nothing(make_actor):
    document = DocumentFactory.create(title="Regolamento")
    officer = make_actor("ats_officer")

    document_update(actor=officer, document=document, data={"title": "Regolamento"})

    assert not AuditEvent.objects.exists()


def test_reads_the_current_row_not_the_callers_copy(make_actor):
    # given a caller whose copy was already changed by a form
    document = DocumentFactory.create(title="Titolo salvato")
    document.title = "Titolo digitato"
    officer = make_actor("ats_officer")

    # when
    document_update(actor=officer, document=document, data={"title": "Titolo nuovo"})

    # then the audit compares with what was stored
    event = AuditEvent.objects.for_object(document).get()
    assert event.changes == {"title": ["Titolo salvato", "Titolo nuovo"]}


@pytest.mark.parametrize("target", ["brescia", None])
def test_an_ats_officer_cannot_move_a_document_out_of_the_ats(target, make_actor):
    document = DocumentFactory.create(title="Piano territoriale")
    officer = make_actor("ats_officer")
    ats = ATS.objects.get(slug=target) if target else None

    with pytest.raises(PermissionDenied):
        document_update(
            actor=officer, document=document, data={"ats": ats, "title": "Altro"}
        )

    document.refresh_from_db()
    assert (str(document.ats), document.title) == (
        "ATS della Città Metropolitana di Milano",
        "Piano territoriale",
    )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("who", "ats_slug"),
    [("ats_officer", "brescia"), ("committee_member", "milano"), ("citizen", "milano")],
)
def test_refuses_who_may_not_change_it(who, ats_slug, make_actor):
    document = DocumentFactory.create()
    actor = make_actor(who, ats_slug=ats_slug)

    with pytest.raises(PermissionDenied):
        document_update(actor=actor, document=document, data={"title": "Altro"})


def test_nothing_is_saved_when_the_validity_is_inverted(make_actor):
    document = DocumentFactory.create(valid_from=date(2024, 5, 1), title="Graduatoria")
    officer = make_actor("ats_officer")

    with pytest.raises(ValidationError) as caught:
        document_update(
            actor=officer,
            document=document,
            data={"title": "Altro", "valid_until": date(2024, 4, 1)},
        )

    assert list(caught.value.message_dict) == ["valid_until"]
    document.refresh_from_db()
    assert (document.title, document.valid_until) == ("Graduatoria", None)
    assert not AuditEvent.objects.exists()


def test_the_file_cannot_be_changed(make_actor):
    document = DocumentFactory.create()
    officer = make_actor("ats_officer")

    with pytest.raises(TypeError, match="cannot change 'sha256'"):
        document_update(
            actor=officer,
            document=document,
            data={"sha256": "0" * 64},  # type: ignore[typeddict-unknown-key]
        )
