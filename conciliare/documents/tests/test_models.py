from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from conciliare.documents.models import Document
from conciliare.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_in_force_includes_both_ends_of_the_validity():
    # given
    current = DocumentFactory.create(valid_from=date(2024, 1, 1), valid_until=None)
    ending = DocumentFactory.create(
        valid_from=date(2023, 1, 1), valid_until=date(2024, 6, 30)
    )
    expired = DocumentFactory.create(
        valid_from=date(2022, 1, 1), valid_until=date(2024, 6, 29)
    )
    future = DocumentFactory.create(valid_from=date(2024, 7, 1))

    # when
    in_force = set(Document.objects.in_force(date(2024, 6, 30)))

    # then
    assert in_force == {current, ending}
    assert expired.is_in_force(date(2024, 6, 30)) is False
    assert future.is_in_force(date(2024, 6, 30)) is False
    assert ending.is_in_force(date(2024, 6, 30)) is True


def test_clean_puts_an_inverted_validity_on_valid_until():
    document = DocumentFactory.build(
        valid_from=date(2024, 5, 1), valid_until=date(2024, 4, 30)
    )
    with translation.override("it"), pytest.raises(ValidationError) as caught:
        document.clean()
    assert caught.value.message_dict == {
        "valid_until": [
            "La data di fine validità non può precedere la data di inizio validità."
        ]
    }


def test_the_database_refuses_an_inverted_validity_too():
    document = DocumentFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(valid_until=date(2019, 1, 1))


def test_file_summary_shows_format_and_size():
    document = DocumentFactory.build(content_type="application/pdf", size=503_808)
    assert document.file_summary == "PDF, 492 KB"


def test_an_unknown_stored_type_is_shown_as_is():
    document = DocumentFactory.build(content_type="application/x-legacy", size=10)
    assert document.format_label == "application/x-legacy"
