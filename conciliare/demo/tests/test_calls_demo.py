"""ATS Milano's demo DTI, calls and applications (issue 5), loaded once for
the whole class: ``load_demo`` is the slow part."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from conciliare.accounts.models import User
from conciliare.applications.checks import application_check
from conciliare.applications.models import Application, ApplicationStatus, Submission
from conciliare.applications.snapshots import snapshot_fingerprint
from conciliare.calls.models import Call, CallStatus, GuidanceDocument, GuidanceStatus
from conciliare.demo.calls import CALL_TITLE, REOPENING_TITLE, ensure_demo_calls
from conciliare.documents.models import Document
from conciliare.partnerships.models import Alliance

ROME = ZoneInfo("Europe/Rome")


class MilanoCallsDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def test_the_dti_is_adopted_by_an_act_with_a_public_document(self):
        guidance = GuidanceDocument.objects.get(
            ats__slug="milano", period__slug="2020-2023"
        )
        assert guidance.status == GuidanceStatus.ADOPTED
        assert "numero indicativo" in guidance.act_number
        assert guidance.adopted_at is not None
        assert guidance.adopted_at.year == 2020
        assert guidance.act_document is not None
        assert guidance.act_document.is_public
        assert "WHP" in guidance.network_integration
        assert "28/2004" in guidance.time_policies

    def test_the_2020_call_is_closed_with_the_allocation_of_milano(self):
        call = Call.objects.get(title=CALL_TITLE)
        assert call.status == CallStatus.RANKED  # then reviewed (issue 6)
        assert call.guidance is not None
        assert call.guidance.ats.slug == "milano"
        assert call.closes_at == datetime(2020, 4, 30, 12, 0, tzinfo=ROME)
        assert call.published_at == call.opens_at
        assert call.closed_at == call.closes_at
        # 276,000 + 346,000 + 346,000 (DOMAIN.md 4), 80/20
        assert (call.total_budget, call.projects_budget, call.system_action_budget) == (
            Decimal("968000.00"),
            Decimal("774400.00"),
            Decimal("193600.00"),
        )
        assert call.max_grant == Decimal("120000.00")
        assert call.areas.count() == 6
        assert str(call.activities_end_by) == "2023-05-31"
        assert call.act_document is not None
        assert call.act_document.is_public

    def test_agriwel_was_submitted_before_the_deadline_with_receipt(self):
        call = Call.objects.get(title=CALL_TITLE)
        agriwel = Application.objects.get(
            call=call, title="AGRIWEL – Welfare nella filiera agricola"
        )
        submission = agriwel.current_submission
        assert submission is not None
        assert agriwel.status == ApplicationStatus.SUBMITTED
        assert agriwel.alliance.lead.legal_name.startswith("Associazione IRENE")
        assert submission.submitted_by.email == "irene@conciliare.demo"
        assert submission.received_at < call.closes_at
        assert submission.protocol_number.startswith("321-2020-")
        assert submission.receipt is not None
        assert not submission.receipt.is_public
        assert submission.snapshot["totals"] == {
            "cost": "150000.00",
            "grant_requested": "105000.00",
            "cofinancing": "45000.00",
            "cofinancing_share": "30.00",
        }
        assert submission.snapshot_sha256 == snapshot_fingerprint(submission.snapshot)
        assert (submission.total_cost, submission.grant_requested) == (
            Decimal("150000.00"),
            Decimal("105000.00"),
        )
        assert agriwel.attachments.count() == 2
        assert agriwel.partner_confirmations.count() == 6
        # historical receipts are stored, never mailed
        assert not [m for m in mail.outbox if "Ricevuta" in m.subject]

    def test_the_five_projects_of_the_plan_meet_the_rules_of_their_call(self):
        call = Call.objects.get(title=CALL_TITLE)
        applications = list(call.applications.all())
        assert len(applications) == 5
        assert all(a.status == ApplicationStatus.SUBMITTED for a in applications)
        for application in applications:
            assert application_check(application) == [], application.title
        protocols = Submission.objects.filter(application__call=call)
        assert protocols.filter(receipt__isnull=False).count() == 5

    def test_the_reopening_is_open_now_with_two_drafts_that_fail_the_checker(self):
        call = Call.objects.get(title=REOPENING_TITLE)
        assert call.status == CallStatus.PUBLISHED
        assert call.is_open_at(timezone.now())
        drafts = list(call.applications.select_related("alliance"))
        assert len(drafts) == 2
        assert {d.status for d in drafts} == {ApplicationStatus.DRAFT}
        codes = {
            d.alliance.slug: {f.code for f in application_check(d)} for d in drafts
        }
        assert {"missing_budget", "min_partners"} <= codes[
            "distretto-ovest-alto-milanese"
        ]
        assert {"grant_above_maximum", "cofinancing_below_minimum"} <= codes[
            "conciliamoci"
        ]
        # their authors can sign in and edit; IRENE can start its own
        for draft in drafts:
            assert draft.created_by.has_perm("applications.change_application", draft)
        irene = User.objects.get(email="irene@conciliare.demo")
        alliance = Alliance.objects.get(ats__slug="milano", slug="associazione-irene")
        assert irene.has_perm("applications.add_application", alliance)
        assert not call.applications.filter(alliance=alliance).exists()

    def test_running_the_step_again_adds_nothing(self):
        def counts():
            return (
                GuidanceDocument.objects.count(),
                Call.objects.count(),
                Application.objects.count(),
                Submission.objects.count(),
                Document.objects.count(),
                User.objects.count(),
            )

        before = counts()
        added = ensure_demo_calls(
            officer=User.objects.get(email="ats.milano@conciliare.demo"),
            admin=User.objects.get(email="admin@conciliare.demo"),
        )
        assert added == (0, 0)
        assert counts() == before
