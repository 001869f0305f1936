from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.attachment_services import application_attachment_upload
from conciliare.applications.confirmation_services import (
    partner_confirm,
    partner_contribution,
)
from conciliare.applications.models import ApplicationBudgetLine
from conciliare.applications.selectors import application_visible_to
from conciliare.applications.services import (
    StaleDraft,
    application_create,
    application_rows_set,
    application_update,
)
from conciliare.applications.tests.factories import (
    complete_application,
    make_team,
    pdf_file,
)
from conciliare.calls.models import Call
from conciliare.calls.tests.factories import make_call
from conciliare.core.exceptions import ApplicationError
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_second_of_two_concurrent_saves_is_told_the_draft_changed():
    team = make_team()
    call = make_call()
    application = application_create(
        actor=team.lead_rep, call=call, alliance=team.alliance, title="Bozza"
    )
    colleague = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=team.lead)
    opened_at = application.version  # both open the same version
    application_update(
        actor=colleague,
        application=application,
        version=opened_at,
        data={"summary": "Testo della collega"},
    )
    with pytest.raises(StaleDraft, match="ha salvato questa domanda"):
        application_update(
            actor=team.lead_rep,
            application=application,
            version=opened_at,
            data={"summary": "Il mio testo"},
        )
    application.refresh_from_db()
    assert application.summary == "Testo della collega"


def test_a_budget_line_splits_cost_into_grant_and_cofinancing_to_the_cent():
    team = make_team()
    application = application_create(
        actor=team.lead_rep, call=make_call(), alliance=team.alliance, title="Bozza"
    )
    application_rows_set(
        actor=team.lead_rep,
        application=application,
        version=application.version,
        kind="budget_lines",
        rows=[
            {
                "organisation": team.lead,
                "category": "services",
                "description": "",
                "cost": Decimal("1000.01"),
                "grant_requested": Decimal("700.00"),
                "cofinancing_source": "own",
            }
        ],
    )
    line = ApplicationBudgetLine.objects.get()
    assert line.cofinancing == Decimal("300.01")


def test_bad_rows_are_refused_by_row_and_field_and_nothing_changes():
    team = make_team()
    application = application_create(
        actor=team.lead_rep, call=make_call(), alliance=team.alliance, title="Bozza"
    )
    outsider = OrganisationFactory.create()
    with pytest.raises(ValidationError) as exc:
        application_rows_set(
            actor=team.lead_rep,
            application=application,
            version=application.version,
            kind="budget_lines",
            rows=[
                {
                    "organisation": team.lead,
                    "category": "services",
                    "description": "",
                    "cost": Decimal(100),
                    "grant_requested": Decimal(150),
                    "cofinancing_source": "",
                },
                {
                    "organisation": outsider,
                    "category": "services",
                    "description": "",
                    "cost": Decimal(100),
                    "grant_requested": Decimal(50),
                    "cofinancing_source": "",
                },
            ],
        )
    errors = exc.value.message_dict
    assert "0-grant_requested" in errors
    assert "1-organisation" in errors
    assert "1-cofinancing_source" in errors
    assert not ApplicationBudgetLine.objects.exists()


def test_only_a_representative_of_the_lead_may_start_or_change_a_draft():
    team = make_team()
    call = make_call()
    with pytest.raises(PermissionDenied):
        application_create(
            actor=team.partner_rep, call=call, alliance=team.alliance, title="X"
        )
    application = application_create(
        actor=team.lead_rep, call=call, alliance=team.alliance, title="X"
    )
    with pytest.raises(PermissionDenied):
        application_update(
            actor=team.partner_rep,
            application=application,
            version=application.version,
            data={"title": "Y"},
        )


def test_one_application_per_alliance_and_call():
    team = make_team()
    call = make_call()
    application_create(
        actor=team.lead_rep, call=call, alliance=team.alliance, title="X"
    )
    with pytest.raises(ApplicationError, match="già una domanda"):
        application_create(
            actor=team.lead_rep, call=call, alliance=team.alliance, title="Y"
        )


def test_a_draft_cannot_be_changed_after_the_close_time():
    team = make_team()
    call = make_call()
    application = application_create(
        actor=team.lead_rep, call=call, alliance=team.alliance, title="X"
    )
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(ApplicationError, match="scaduto"):
        application_update(
            actor=team.lead_rep,
            application=application,
            version=application.version,
            data={"title": "Y"},
        )


def test_an_upload_refused_by_content_leaves_the_draft_as_it_was():
    team = make_team()
    call = make_call()
    application = application_create(
        actor=team.lead_rep, call=call, alliance=team.alliance, title="X"
    )
    requirement = call.required_attachments.first()
    fake = SimpleUploadedFile("accordo.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as exc:
        application_attachment_upload(
            actor=team.lead_rep,
            application=application,
            requirement=requirement,
            file=fake,
        )
    assert "file" in exc.value.message_dict
    assert not application.attachments.exists()
    version = application.version
    application.refresh_from_db()
    assert application.version == version


def test_a_new_upload_replaces_the_earlier_file_for_the_same_requirement():
    team = make_team()
    call = make_call()
    application = application_create(
        actor=team.lead_rep, call=call, alliance=team.alliance, title="X"
    )
    requirement = call.required_attachments.first()
    for name in ("prima.pdf", "seconda.pdf"):
        application_attachment_upload(
            actor=team.lead_rep,
            application=application,
            requirement=requirement,
            file=pdf_file(name),
        )
    [attachment] = application.attachments.all()
    assert attachment.document.original_filename == "seconda.pdf"


def test_a_partner_confirms_its_own_contribution_and_a_later_change_shows():
    team = make_team()
    application = complete_application(call=make_call(), team=team)
    partner = team.partners[0]
    confirmation = partner_confirm(
        actor=team.partner_rep, application=application, organisation=partner
    )
    assert confirmation.contribution == partner_contribution(
        application=application, organisation=partner
    )
    assert confirmation.contribution["cofinancing"] == "50000.00"
    with pytest.raises(ApplicationError):
        partner_confirm(
            actor=team.partner_rep, application=application, organisation=team.lead
        )


def test_a_draft_is_seen_by_its_alliance_only():
    team = make_team()
    application = complete_application(call=make_call(), team=team)
    milano_officer = make_user(Role.ATS_OFFICER, ats=ats("milano"))
    brescia_officer = make_user(Role.ATS_OFFICER, ats=ats("brescia"))
    stranger = make_user(
        Role.ORGANISATION_REPRESENTATIVE, organisation=OrganisationFactory()
    )
    visible = {
        who: application_visible_to(user=user).filter(pk=application.pk).exists()
        for who, user in {
            "lead": team.lead_rep,
            "partner": team.partner_rep,
            "milano officer": milano_officer,
            "brescia officer": brescia_officer,
            "stranger": stranger,
        }.items()
    }
    assert visible == {
        "lead": True,
        "partner": True,
        "milano officer": False,
        "brescia officer": False,
        "stranger": False,
    }
    for user in (milano_officer, brescia_officer, stranger):
        assert not user.has_perm("applications.view_application", application)


def test_the_lead_does_not_confirm_its_own_part():
    team = make_team()
    application = complete_application(call=make_call(), team=team)
    with pytest.raises(ApplicationError, match="capofila"):
        partner_confirm(
            actor=team.lead_rep, application=application, organisation=team.lead
        )


def test_the_partners_contributions_take_two_queries_whatever_their_number(
    django_assert_num_queries,
):
    from conciliare.applications.confirmation_services import partner_contributions

    team = make_team()
    application = complete_application(call=make_call(), team=team)
    with django_assert_num_queries(2):
        contributions = partner_contributions(application=application)
    assert contributions[team.lead.pk]["actions"] == ["Sportello conciliazione"]
    assert contributions[team.partners[0].pk]["cost"] == "50000.00"


def test_after_the_close_time_no_file_is_added_or_taken_off():
    from conciliare.applications.attachment_services import (
        application_attachment_remove,
    )

    team = make_team()
    call = make_call()
    application = complete_application(call=call, team=team)
    attachment = application.attachments.first()
    assert attachment is not None
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(ApplicationError, match="scaduto"):
        application_attachment_remove(
            actor=team.lead_rep, application=application, attachment=attachment
        )
    with pytest.raises(ApplicationError, match="scaduto"):
        application_attachment_upload(
            actor=team.lead_rep,
            application=application,
            requirement=attachment.requirement,
            file=pdf_file(),
        )
    assert application.attachments.filter(pk=attachment.pk).exists()


def test_a_draft_cannot_be_started_before_the_call_opens():
    team = make_team()
    call = make_call()
    Call.objects.filter(pk=call.pk).update(opens_at=timezone.now() + timedelta(days=1))
    call.refresh_from_db()
    with pytest.raises(ApplicationError, match="non è aperto"):
        application_create(
            actor=team.lead_rep, call=call, alliance=team.alliance, title="X"
        )
