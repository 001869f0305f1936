"""Computing, recomputing and approving the ranking of a call."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.audit.models import AuditEvent
from conciliare.calls.models import Call, CallStatus
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.models import DocumentKind
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    RankingOutcome,
    RankingStatus,
)
from conciliare.reviews.ranking_services import (
    ranking_approve,
    ranking_blockers,
    ranking_compute,
)

pytestmark = pytest.mark.django_db


def officer_of(call):
    return make_user(Role.ATS_OFFICER, ats=call.ats)


def by_application(ranking):
    return {e.application_id: e for e in ranking.entries.all()}


def test_compute_orders_by_score_and_allocates_down_the_ranking(scored_call):
    call, apps = scored_call(
        totals=[70, 90, None, 80, 50],
        grants=["40000.00", "50000.00", "30000.00", "30000.00", "10000.00"],
    )
    ranking = ranking_compute(actor=officer_of(call), call=call)
    entries = by_application(ranking)
    assert [entries[a.pk].position for a in apps] == [3, 1, None, 2, 4]
    assert entries[apps[1].pk].outcome == RankingOutcome.FUNDED
    assert entries[apps[3].pk].outcome == RankingOutcome.FUNDED
    assert entries[apps[0].pk].outcome == RankingOutcome.PARTLY_FUNDED
    assert entries[apps[0].pk].grant_awarded == Decimal("20000.00")
    below = entries[apps[4].pk]
    assert below.below_min_score
    assert below.outcome == RankingOutcome.NOT_FUNDED
    assert entries[apps[2].pk].outcome == RankingOutcome.NOT_ADMITTED
    assert ranking.allocated == Decimal("100000.00") == ranking.budget
    assert ranking.status == RankingStatus.DRAFT


def test_without_partial_funding_the_last_one_that_does_not_fit_gets_nothing(
    scored_call,
):
    call, apps = scored_call(
        totals=[90, 80, 70],
        grants=["50000.00", "40000.00", "5000.00"],
        allow_partial_funding=False,
        budget="60000.00",
        max_grant=Decimal("50000.00"),
    )
    entries = by_application(ranking_compute(actor=officer_of(call), call=call))
    assert entries[apps[1].pk].outcome == RankingOutcome.NOT_FUNDED
    assert entries[apps[2].pk].grant_awarded == 0  # never skipped to


def test_compute_lists_the_blockers_in_italian(scored_call):
    call, apps = scored_call(totals=[80, 70], grants=["10000.00", "10000.00"])
    review = ApplicationReview.objects.get(application=apps[1])
    ApplicationReview.objects.filter(pk=review.pk).update(
        total_score=None, consensus_recorded_at=None, consensus_recorded_by=None
    )
    first = ApplicationReview.objects.get(application=apps[0])
    ApplicationReview.objects.filter(pk=first.pk).update(
        status=AdmissibilityStatus.PENDING,
        decided_at=None,
        decided_by=None,
        total_score=None,
        consensus_recorded_at=None,
        consensus_recorded_by=None,
    )
    blockers = ranking_blockers(call=call)
    assert any("attende l'esito dell'istruttoria" in b for b in blockers)
    assert any("non ha ancora il punteggio del Comitato" in b for b in blockers)
    with pytest.raises(ValidationError) as exc:
        ranking_compute(actor=officer_of(call), call=call)
    assert len(exc.value.message_dict["__all__"]) == 2


def test_recompute_replaces_the_draft(scored_call):
    call, apps = scored_call(totals=[80, 70], grants=["10000.00", "10000.00"])
    officer = officer_of(call)
    first = ranking_compute(actor=officer, call=call)
    ApplicationReview.objects.filter(application=apps[1]).update(
        total_score=Decimal("95.00")
    )
    again = ranking_compute(actor=officer, call=call)
    assert again.pk == first.pk
    assert by_application(again)[apps[1].pk].position == 1
    assert again.entries.count() == 2
    assert AuditEvent.objects.filter(verb="ranking.recompute").count() == 1


def test_only_an_officer_of_the_ats_computes(scored_call):
    call, _apps = scored_call(totals=[80], grants=["10000.00"])
    for user in (
        make_user(Role.ATS_OFFICER, ats=ats("bergamo")),
        make_user(Role.REGIONAL_OFFICER),
        make_user(Role.COMMITTEE_MEMBER, ats=call.ats),
    ):
        with pytest.raises(PermissionDenied):
            ranking_compute(actor=user, call=call)


def test_approve_ranks_the_call_tells_the_leads_and_stores_the_pdf(
    scored_call, django_capture_on_commit_callbacks
):
    call, _apps = scored_call(totals=[80, None], grants=["10000.00", "10000.00"])
    officer = officer_of(call)
    ranking = ranking_compute(actor=officer, call=call)
    with django_capture_on_commit_callbacks(execute=True):
        ranking_approve(
            actor=officer,
            ranking=ranking,
            act_number="123/2026",
            act_date=date(2026, 1, 15),
            committee_minutes="Il Comitato si è riunito e ha concordato i punteggi.",
        )
    ranking.refresh_from_db()
    assert ranking.status == RankingStatus.APPROVED
    assert Call.objects.get(pk=call.pk).status == CallStatus.RANKED
    assert ranking.document is not None
    assert ranking.document.kind == DocumentKind.RANKING
    assert ranking.document.is_public
    assert ranking.document.file.read().startswith(b"%PDF")
    subjects = [m.subject for m in mail.outbox]
    assert sum("Graduatoria approvata" in s for s in subjects) == 2
    assert any("Ammessa e finanziata" in m.body for m in mail.outbox)
    assert any("Non ammessa" in m.body for m in mail.outbox)
    assert AuditEvent.objects.filter(verb="ranking.approve").exists()


def test_approve_refuses_a_missing_act_beside_its_fields(scored_call):
    call, _apps = scored_call(totals=[80], grants=["10000.00"])
    officer = officer_of(call)
    ranking = ranking_compute(actor=officer, call=call)
    with pytest.raises(ValidationError) as exc:
        ranking_approve(
            actor=officer,
            ranking=ranking,
            act_number=" ",
            act_date=None,
            committee_minutes="",
        )
    assert set(exc.value.message_dict) == {
        "act_number",
        "act_date",
        "committee_minutes",
    }
    ranking.refresh_from_db()
    assert ranking.status == RankingStatus.DRAFT


def test_an_approved_ranking_is_not_recomputed(scored_call):
    call, _apps = scored_call(totals=[80], grants=["10000.00"])
    officer = officer_of(call)
    ranking = ranking_compute(actor=officer, call=call)
    ranking_approve(
        actor=officer,
        ranking=ranking,
        act_number="1",
        act_date=date(2026, 1, 15),
        committee_minutes="Verbale.",
    )
    with pytest.raises(ApplicationError):
        ranking_approve(
            actor=officer,
            ranking=ranking,
            act_number="1",
            act_date=date(2026, 1, 15),
            committee_minutes="Verbale.",
        )
    ranking.refresh_from_db()
    with pytest.raises(PermissionDenied):  # an approved one is no longer approvable
        ranking_approve(
            actor=officer,
            ranking=ranking,
            act_number="1",
            act_date=date(2026, 1, 15),
            committee_minutes="Verbale.",
        )
    Call.objects.filter(pk=call.pk).update(status=CallStatus.IN_EVALUATION)
    with pytest.raises(ApplicationError):
        ranking_compute(actor=officer, call=call)
