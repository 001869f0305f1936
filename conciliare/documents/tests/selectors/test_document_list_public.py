from datetime import date

import pytest

from conciliare.documents.models import DocumentKind
from conciliare.documents.selectors import document_list_public
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.territory.models import ATS, ProgrammingPeriod

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 30)


def test_lists_only_public_documents_in_force_by_default():
    # given
    in_force = DocumentFactory.create(valid_from=date(2024, 1, 1))
    ending_today = DocumentFactory.create(
        valid_from=date(2023, 1, 1), valid_until=date(2024, 6, 30)
    )
    DocumentFactory.create(valid_from=date(2022, 1, 1), valid_until=date(2024, 6, 29))
    DocumentFactory.create(valid_from=date(2024, 7, 1))
    DocumentFactory.create(valid_from=date(2024, 1, 1), is_public=False)

    # when
    listed = list(document_list_public(on=TODAY))

    # then: newest validity first
    assert listed == [in_force, ending_today]
    assert [d.expired for d in listed] == [False, False]


def test_include_expired_adds_expired_but_never_future_documents():
    in_force = DocumentFactory.create(valid_from=date(2024, 1, 1))
    expired = DocumentFactory.create(
        valid_from=date(2022, 1, 1), valid_until=date(2023, 1, 1)
    )
    DocumentFactory.create(valid_from=date(2025, 1, 1))

    listed = list(document_list_public(include_expired=True, on=TODAY))

    assert listed == [in_force, expired]
    assert [d.expired for d in listed] == [False, True]


def test_filters_by_kind_period_and_ats():
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    brescia = ATS.objects.get(slug="brescia")
    wanted = DocumentFactory.create(
        kind=DocumentKind.RANKING, period=period, ats=brescia
    )
    DocumentFactory.create(kind=DocumentKind.FORM, period=period, ats=brescia)
    DocumentFactory.create(kind=DocumentKind.RANKING, period=None, ats=brescia)
    DocumentFactory.create(kind=DocumentKind.RANKING, period=period)

    listed = document_list_public(
        kind=DocumentKind.RANKING, period=period, ats=brescia, on=TODAY
    )

    assert list(listed) == [wanted]


def test_the_list_loads_ats_and_period_in_one_query(django_assert_num_queries):
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    DocumentFactory.create_batch(3, period=period)

    with django_assert_num_queries(1):
        rows = [(str(d.ats), str(d.period)) for d in document_list_public()]

    assert rows == [("ATS della Città Metropolitana di Milano", "2020-2023")] * 3
