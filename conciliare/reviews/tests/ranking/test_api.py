"""The public API of the rankings: approved ones only."""

from datetime import date
from decimal import Decimal

import pytest

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.reviews.ranking_services import ranking_approve, ranking_compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def rankings(scored_call):
    approved_call, _ = scored_call(totals=[80, None], grants=["10000.00", "5000.00"])
    draft_call, _ = scored_call(totals=[70], grants=["10000.00"])
    officer = make_user(Role.ATS_OFFICER, ats=approved_call.ats)
    approved = ranking_compute(actor=officer, call=approved_call)
    ranking_approve(
        actor=officer,
        ranking=approved,
        act_number="5/2026",
        act_date=date(2026, 2, 1),
        committee_minutes="Verbale.",
    )
    draft = ranking_compute(actor=officer, call=draft_call)
    return approved, draft


def test_the_list_has_only_approved_rankings_filtered_by_ats_and_period(
    rankings, client
):
    approved, _draft = rankings
    body = client.get("/api/v1/rankings/").json()
    assert [item["id"] for item in body["items"]] == [approved.pk]
    assert body["items"][0]["ats"] == "milano"
    assert body["items"][0]["act_number"] == "5/2026"
    assert client.get("/api/v1/rankings/?ats=bergamo").json()["items"] == []
    assert client.get("/api/v1/rankings/?period=2020-2023").json()["count"] == 1
    assert client.get("/api/v1/rankings/?period=2024-2027").json()["count"] == 0


def test_an_approved_ranking_has_its_entries(rankings, client):
    approved, _draft = rankings
    body = client.get(f"/api/v1/rankings/{approved.pk}").json()
    assert [e["position"] for e in body["entries"]] == [1, None]
    first = body["entries"][0]
    assert first["outcome"] == "funded"
    assert Decimal(first["grant_awarded"]) == Decimal("10000.00")
    assert body["entries"][1]["outcome_label"] == "Non ammessa"
    assert body["steps"] == []


def test_a_draft_ranking_does_not_exist_in_the_api(rankings, client):
    _approved, draft = rankings
    assert client.get(f"/api/v1/rankings/{draft.pk}").status_code == 404
    assert client.get("/api/v1/rankings/999999").status_code == 404
