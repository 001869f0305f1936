import uuid
from decimal import Decimal

import pytest

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.officer_selectors import (
    area_totals_for_call,
    received_application_list,
    received_application_rows,
    submission_shown,
)
from conciliare.applications.selectors import (
    application_visible_to,
    call_application_counts,
    call_totals,
)
from conciliare.applications.submission_services import (
    application_submit,
    application_withdraw,
)
from conciliare.applications.tests.factories import complete_application, make_team
from conciliare.calls.tests.factories import make_call

pytestmark = pytest.mark.django_db


def _submit(application, **kwargs):
    return application_submit(
        actor=application.created_by, application=application, key=uuid.uuid4()
    )


def test_received_applications_show_the_valid_or_the_last_submission():
    # given a valid submission, a withdrawn one, a resubmitted one and a draft
    call = make_call()
    valid = complete_application(call=call, grant="35000.00")
    valid_submission = _submit(valid)
    withdrawn = complete_application(call=call)
    withdrawn_submission = _submit(withdrawn)
    application_withdraw(actor=withdrawn.created_by, application=withdrawn)
    resubmitted = complete_application(call=call)
    _submit(resubmitted)
    resubmitted = application_withdraw(
        actor=resubmitted.created_by, application=resubmitted
    )
    last = _submit(resubmitted)
    complete_application(call=call)  # a draft

    # when
    rows = received_application_rows(received_application_list(call=call))

    # then in the order of submission, drafts left out
    assert [row.pk for row in rows] == [valid.pk, withdrawn.pk, resubmitted.pk]
    assert [row.protocol_number for row in rows] == [
        valid_submission.protocol_number,
        withdrawn_submission.protocol_number,
        last.protocol_number,
    ]
    assert [row.status_label for row in rows] == ["Inviata", "Ritirata", "Inviata"]
    assert rows[0].grant_requested == Decimal("35000.00")
    assert rows[0].cofinancing == Decimal("65000.00")
    assert rows[0].cofinancing_share == Decimal(65)
    assert rows[1].is_withdrawn
    assert rows[2].submitted_at == last.submitted_at
    assert submission_shown(application=withdrawn) == withdrawn_submission


def test_an_application_naming_two_areas_counts_in_both():
    call = make_call()
    _submit(complete_application(call=call, grant="40000.00"))
    _submit(complete_application(call=call, grant="30000.00"))
    withdrawn = complete_application(call=call)
    _submit(withdrawn)
    application_withdraw(actor=withdrawn.created_by, application=withdrawn)

    areas = area_totals_for_call(call=call)

    named = [a.number for a in call.areas.order_by("number")[:2]]
    for area in areas:
        if area.number in named:
            assert (area.application_count, area.grant_requested) == (
                2,
                Decimal("70000.00"),
            )
            assert area.total_cost == Decimal("200000.00")
        else:
            assert (area.application_count, area.grant_requested) == (0, Decimal(0))
    assert call_totals(call=call)["grant_requested"] == Decimal("70000.00")
    counts = call_application_counts(call=call)
    assert (counts["submitted"], counts["withdrawn"], counts["draft"]) == (2, 1, 0)


def test_the_received_list_takes_one_query(django_assert_num_queries):
    call = make_call()
    for _ in range(3):
        _submit(complete_application(call=call))

    with django_assert_num_queries(1):
        rows = received_application_rows(received_application_list(call=call))

    assert len(rows) == 3


@pytest.mark.parametrize(
    ("who", "sees_draft", "sees_submitted"),
    [
        ("lead_rep", True, True),
        ("partner_rep", True, True),
        ("other_rep", False, False),
        ("ats_officer", False, True),
        ("other_ats_officer", False, False),
        ("committee_member", False, False),
        ("regional_officer", False, True),
        ("citizen", False, False),
    ],
)
def test_visibility_agrees_with_the_rule(who, sees_draft, sees_submitted):
    team = make_team()
    draft = complete_application(call=make_call(), team=team)
    submitted = complete_application(call=make_call(title="Altro avviso"), team=team)
    _submit(submitted)
    submitted.refresh_from_db()
    user = {
        "lead_rep": lambda: team.lead_rep,
        "partner_rep": lambda: team.partner_rep,
        "other_rep": lambda: make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=make_team().lead
        ),
        "ats_officer": lambda: make_user(Role.ATS_OFFICER, ats=ats("milano")),
        "other_ats_officer": lambda: make_user(Role.ATS_OFFICER, ats=ats("brescia")),
        "committee_member": lambda: make_user(Role.COMMITTEE_MEMBER, ats=ats("milano")),
        "regional_officer": lambda: make_user(Role.REGIONAL_OFFICER),
        "citizen": lambda: make_user(),
    }[who]()

    visible = set(application_visible_to(user=user))

    assert (draft in visible) is sees_draft
    assert (submitted in visible) is sees_submitted
    assert user.has_perm("applications.view_application", draft) is sees_draft
    assert user.has_perm("applications.view_application", submitted) is sees_submitted
