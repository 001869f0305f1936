"""ATS Milano's 2020-2023 cycle in the demo (issue 6): the five projects of
seed 001 checked, evaluated, ranked and funded within the allocation, the
plan approved by Deliberazione 390 of 29/05/2020 and validated in June 2020."""

from datetime import date
from decimal import Decimal

from django.core.management import call_command
from django.test import TestCase

from conciliare.calls.models import Call, CallStatus
from conciliare.demo.calls import CALL_TITLE
from conciliare.plans.models import Agreement, AgreementStatus, PlanStatus, PlanVersion
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ConflictStatus,
    EvaluatorAssignment,
    Ranking,
    RankingOutcome,
    RankingStatus,
)


class MilanoCycleDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.call = Call.objects.get(title=CALL_TITLE)

    def test_the_five_applications_are_admissible_and_scored(self):
        reviews = ApplicationReview.objects.filter(call=self.call)
        assert reviews.count() == 5
        assert {r.status for r in reviews} == {AdmissibilityStatus.ADMISSIBLE}
        assert all(r.total_score is not None for r in reviews)

    def test_agriwel_is_evaluated_without_the_committee_members_of_its_partners(self):
        assignments = EvaluatorAssignment.objects.filter(
            review__call=self.call, review__application__title__startswith="AGRIWEL"
        ).select_related("evaluator")
        excluded = {
            a.evaluator.email
            for a in assignments
            if a.conflict_status == ConflictStatus.AUTOMATIC
        }
        assert excluded == {
            "comitato.milano@conciliare.demo",
            "elena.sala@conciliare.demo",
        }
        assert assignments.filter(submitted_at__isnull=False).count() == 2
        declared = EvaluatorAssignment.objects.get(
            review__call=self.call, conflict_status=ConflictStatus.DECLARED
        )
        assert declared.evaluator.email == "luca.moretti@conciliare.demo"

    def test_all_five_are_ranked_and_funded_within_milanos_allocation(self):
        ranking = Ranking.objects.get(call=self.call)
        assert ranking.status == RankingStatus.APPROVED
        assert (ranking.act_number, ranking.act_date) == (
            "Deliberazione 390",
            date(2020, 5, 29),
        )
        entries = list(ranking.entries.select_related("application"))
        assert [e.position for e in entries] == [1, 2, 3, 4, 5]
        assert {e.outcome for e in entries} == {RankingOutcome.FUNDED}
        assert ranking.allocated == sum(e.grant_awarded for e in entries)
        assert ranking.allocated == Decimal("490000.00") <= self.call.projects_budget
        agriwel = next(e for e in entries if e.application.title.startswith("AGRIWEL"))
        assert agriwel.grant_awarded == Decimal("105000.00")
        # Magnago and Lodi tie at 79 and on the first criterion: the earlier
        # submission (Magnago's, 24/04/2020) goes first
        assert "invio" in entries[2].tie_break_note
        assert entries[2].application.alliance.slug == "distretto-ovest-alto-milanese"
        assert self.call.status == CallStatus.RANKED

    def test_the_plan_is_approved_by_deliberazione_390_and_validated(self):
        version = PlanVersion.objects.get(plan__ats__slug="milano")
        assert version.status == PlanStatus.VALIDATED
        assert version.act_number == "Deliberazione 390"
        assert version.act_date == date(2020, 5, 29)
        assert version.validated_at is not None
        assert (version.validated_at.year, version.validated_at.month) == (2020, 6)
        assert version.validated_by is not None
        assert version.validated_by.email == "regione@conciliare.demo"
        assert version.funded_projects.count() == 5
        assert {p.project.code for p in version.funded_projects.all()} == {
            f"321-2020-0{n}" for n in range(1, 6)
        }
        assert version.system_actions.count() == 1
        assert version.system_actions.get().budget == self.call.system_action_budget

    def test_each_funded_project_has_its_signed_agreement(self):
        agreements = Agreement.objects.filter(plan_version__plan__ats__slug="milano")
        assert agreements.count() == 5
        assert {a.status for a in agreements} == {AgreementStatus.SIGNED}
        assert all(a.number.startswith("CONV-321-2020-") for a in agreements)
        for agreement in agreements.prefetch_related("instalments"):
            assert sum(i.amount for i in agreement.instalments.all()) == agreement.grant
