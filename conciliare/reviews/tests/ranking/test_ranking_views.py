"""The officers' ranking page and the public ranking pages: who may do
what, what they read, and query counts constant in the number of entries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.tests.factories import make_team
from conciliare.calls.models import Call, CallStatus
from conciliare.reviews.models import Ranking, RankingOutcome, RankingStatus
from conciliare.reviews.ranking_services import ranking_approve, ranking_compute

pytestmark = pytest.mark.django_db

WHO = [
    Role.ATS_OFFICER,
    "other_ats_officer",
    Role.REGIONAL_OFFICER,
    Role.COMMITTEE_MEMBER,
    Role.ORGANISATION_REPRESENTATIVE,
    "citizen",
    "anonymous",
]


def actor(make_actor, who, call):
    if who == "other_ats_officer":
        return make_actor(Role.ATS_OFFICER, ats_slug="bergamo")
    if who == Role.ORGANISATION_REPRESENTATIVE:
        # the lead body of an application to this very call
        application = call.applications.select_related("alliance").first()
        organisation = (
            application.alliance.lead if application else make_team(ats=call.ats).lead
        )
        return make_actor(who, organisation=organisation)
    return make_actor(who)


def approve(ranking, officer):
    ranking_approve(
        actor=officer,
        ranking=ranking,
        act_number="7/2026",
        act_date=date(2026, 2, 1),
        committee_minutes="Il Comitato ha concordato i punteggi.",
    )
    ranking.refresh_from_db()
    return ranking


@pytest.fixture
def draft(scored_call):
    call, apps = scored_call(
        totals=[90, 70, None],
        grants=["50000.00", "50000.00", "10000.00"],
        budget="80000.00",
    )
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    return call, apps, officer, ranking_compute(actor=officer, call=call)


PAGE_ALLOWED = {Role.ATS_OFFICER: 200, Role.REGIONAL_OFFICER: 200}


@pytest.mark.parametrize("who", WHO)
def test_who_reads_the_officers_ranking_page(who, draft, make_actor, sign_in, client):
    call, _apps, _officer, _ranking = draft
    user = actor(make_actor, who, call)
    if user is not None:
        sign_in(user)
    response = client.get(reverse("reviews-ranking:ranking", args=[call.pk]))
    if who == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == PAGE_ALLOWED.get(who, 403)


@pytest.mark.parametrize("who", WHO)
def test_only_the_ats_officer_computes_and_approves(
    who, draft, make_actor, sign_in, client
):
    call, _apps, _officer, ranking = draft
    user = actor(make_actor, who, call)
    if user is not None:
        sign_in(user)
    compute = client.post(reverse("reviews-ranking:ranking-compute", args=[call.pk]))
    approve_response = client.post(
        reverse("reviews-ranking:ranking-approve", args=[call.pk]),
        {
            "act_number": "8/2026",
            "act_date": "2026-02-01",
            "committee_minutes": "Verbale.",
        },
    )
    ranking.refresh_from_db()
    if who == Role.ATS_OFFICER:
        assert compute.status_code == 302
        assert approve_response.status_code == 302
        assert ranking.status == RankingStatus.APPROVED
    else:
        expected = 302 if who == "anonymous" else 403
        assert compute.status_code == expected
        assert approve_response.status_code == expected
        assert ranking.status == RankingStatus.DRAFT


@pytest.mark.parametrize("who", WHO)
def test_a_draft_ranking_is_not_public(who, draft, make_actor, sign_in, client):
    call, _apps, _officer, ranking = draft
    user = actor(make_actor, who, call)
    if user is not None:
        sign_in(user)
    assert (
        client.get(reverse("rankings:ranking-detail", args=[ranking.pk])).status_code
        == 404
    )
    listing = client.get(reverse("rankings:ranking-list"))
    assert call.title not in listing.content.decode()


def test_the_officer_reads_the_three_lists_and_the_budget(draft, sign_in, client):
    call, apps, officer, _ranking = draft
    sign_in(officer)
    page = client.get(
        reverse("reviews-ranking:ranking", args=[call.pk])
    ).content.decode()
    for heading in ("Ammesse e finanziate", "Ammesse non finanziate", "Non ammesse"):
        assert heading in page
    assert apps[0].title in page
    assert "€ 80.000,00" in page
    assert 'id="approve-button"' in page
    assert 'id="compute-button"' in page


def test_a_missing_act_number_is_refused_beside_its_field(draft, sign_in, client):
    call, _apps, officer, ranking = draft
    sign_in(officer)
    response = client.post(
        reverse("reviews-ranking:ranking-approve", args=[call.pk]),
        {"act_number": "", "act_date": "2026-02-01", "committee_minutes": "Verbale."},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_act_number_error"' in page
    assert "Indicare il numero dell&#x27;atto di approvazione." in page
    assert "Verbale." in page  # what was typed is kept
    ranking.refresh_from_db()
    assert ranking.status == RankingStatus.DRAFT


def test_the_blockers_are_shown_instead_of_the_compute_button(
    scored_call, sign_in, client
):
    from conciliare.reviews.models import ApplicationReview

    call, apps = scored_call(totals=[80], grants=["10000.00"])
    ApplicationReview.objects.filter(application=apps[0]).update(
        total_score=None, consensus_recorded_at=None, consensus_recorded_by=None
    )
    sign_in(make_user(Role.ATS_OFFICER, ats=call.ats))
    page = client.get(
        reverse("reviews-ranking:ranking", args=[call.pk])
    ).content.decode()
    assert "non ha ancora il punteggio del Comitato" in page
    assert 'id="compute-button"' not in page


def test_the_scorrimento_forms_move_funds_and_list_the_step(draft, sign_in, client):
    call, apps, officer, ranking = draft
    approve(ranking, officer)
    sign_in(officer)
    first = ranking.entries.get(application=apps[0])
    second = ranking.entries.get(application=apps[1])
    assert second.outcome == RankingOutcome.PARTLY_FUNDED
    ranking_page = client.get(
        reverse("reviews-ranking:ranking", args=[call.pk])
    ).content.decode()
    renounce_url = reverse("reviews-ranking:ranking-renounce", args=[call.pk])
    assert f'href="{renounce_url}"' in ranking_page
    form_page = client.get(renounce_url).content.decode()
    assert 'name="renounce-entry"' in form_page
    assert first.application.title in form_page  # the funded entries to choose
    refused = client.post(
        reverse("reviews-ranking:ranking-reduce", args=[call.pk]),
        {"reduce-entry": first.pk, "reduce-amount": "60.000,00", "reduce-reason": "x"},
    )
    assert 'id="id_reduce-amount_error"' in refused.content.decode()
    response = client.post(
        reverse("reviews-ranking:ranking-renounce", args=[call.pk]),
        {"renounce-entry": first.pk, "renounce-reason": "Rinuncia dell'ente."},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.outcome == RankingOutcome.FUNDED
    page = client.get(
        reverse("reviews-ranking:ranking", args=[call.pk])
    ).content.decode()
    assert "Scorrimento n. 1" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_entries(scored_call, sign_in, client):
    small, _ = scored_call(totals=[80, None], grants=["10000.00", "10000.00"])
    large, _ = scored_call(
        totals=[90, 80, 70, 50, None, None],
        grants=["10000.00"] * 6,
    )
    officer = make_user(Role.ATS_OFFICER, ats=small.ats)
    rankings = [ranking_compute(actor=officer, call=c) for c in (small, large)]
    sign_in(officer)
    officer_counts = [
        _queries(client, reverse("reviews-ranking:ranking", args=[c.pk]))
        for c in (small, large)
    ]
    assert officer_counts[0] == officer_counts[1]
    for ranking in rankings:
        approve(ranking, officer)
    client.logout()
    public_counts = [
        _queries(client, reverse("rankings:ranking-detail", args=[r.pk]))
        for r in rankings
    ]
    assert public_counts[0] == public_counts[1]
    assert _queries(client, reverse("rankings:ranking-list")) <= 3


def test_the_public_page_shows_an_approved_ranking_and_is_cached(draft, client):
    call, apps, officer, ranking = draft
    approve(ranking, officer)
    url = reverse("rankings:ranking-detail", args=[ranking.pk])
    page = client.get(url).content.decode()
    assert "Approvata con atto n. 7/2026 del 01/02/2026." in page
    assert apps[0].title in page
    assert client.get(url)["X-Public-Cache"] == "hit"
    listing = client.get(reverse("rankings:ranking-list")).content.decode()
    assert call.title in listing
    assert Call.objects.get(pk=call.pk).status == CallStatus.RANKED
    assert Ranking.objects.get(pk=ranking.pk).is_approved
