"""Text search: every word must match; PostgreSQL ranks with its Italian
full-text search and matches word prefixes and stems."""

import pytest

from conciliare.core.search import search_terms, text_search
from conciliare.partnerships.models import Alliance
from conciliare.partnerships.tests.factories import AllianceFactory

pytestmark = pytest.mark.django_db


def _search(q):
    return list(
        text_search(
            Alliance.objects.order_by("name"), q=q, fields=["name", "description"]
        )
    )


def test_search_terms_keep_letters_and_digits_only():
    assert search_terms("C'è Tempo: servizi & 2020!") == [
        "c",
        "è",
        "tempo",
        "servizi",
        "2020",
    ]
    assert search_terms("a_b") == ["a", "b"]
    assert search_terms(" ".join(["parola"] * 20)) == ["parola"] * 8


def test_every_word_must_match_one_of_the_fields():
    both = AllianceFactory.create(
        name="Alleanza Naviglio", description="welfare agricolo"
    )
    AllianceFactory.create(name="Alleanza Naviglio", description="tempi della città")

    assert _search("naviglio agricolo") == [both]
    assert _search("NAVIGLIO") != []
    assert _search("''") == []


@pytest.mark.postgres
def test_postgresql_ranks_stems_and_prefixes():
    # given
    title = AllianceFactory.create(
        name="Conciliazione in azienda", description="servizi"
    )
    body = AllianceFactory.create(
        name="Alleanza Sud", description="nuove conciliazioni per le famiglie"
    )
    AllianceFactory.create(name="AGRIWEL", description="welfare nella filiera agricola")

    # when
    found = list(
        text_search(
            Alliance.objects.all(), q="conciliazione", fields=["name", "description"]
        )
    )

    # then the Italian stemmer finds "conciliazioni"; the name weighs more
    assert found == [title, body]
    assert found[0].rank > found[1].rank
    # and a word prefix is enough
    assert [
        a.name for a in text_search(Alliance.objects.all(), q="agri", fields=["name"])
    ] == ["AGRIWEL"]
