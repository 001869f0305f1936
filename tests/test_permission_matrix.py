"""Every role against every page of the foundation, through the real URLs.

One row per (page, role): the HTTP status the person gets. 302 = sent to sign
in, 403 = may know the page exists but not use it, 404 = must not even learn
the object exists (another ATS's private document, someone else's organisation).
"""

import uuid
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile

from conciliare.accounts.tests.factories import make_user
from conciliare.applications.submission_services import application_submit
from conciliare.applications.tests.factories import complete_application, make_team
from conciliare.calls.tests.factories import make_call
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.registry.models import MembershipImport
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db

OK, REDIRECT, FORBIDDEN, NOT_FOUND = (
    HTTPStatus.OK,
    HTTPStatus.FOUND,
    HTTPStatus.FORBIDDEN,
    HTTPStatus.NOT_FOUND,
)
ROLES = [
    "anonymous",
    "citizen",
    "org_representative",
    "committee_member",
    "ats_officer",
    "ats_officer_brescia",
    "regional_officer",
]
UNAUTHORIZED = HTTPStatus.UNAUTHORIZED

# page -> expected status per role (in ROLES order)
MATRIX: dict[str, list[HTTPStatus]] = {
    "/": [OK] * 7,
    "/en/": [OK] * 7,
    "/territorio/ats/": [OK] * 7,
    "/territorio/ats/milano/": [OK] * 7,
    "/territorio/periodi/": [OK] * 7,
    "/territorio/periodi/2020-2023/": [OK] * 7,
    "/accessibilita/": [OK] * 7,
    "/privacy/": [OK] * 7,
    "/documenti/": [OK] * 7,
    "/documenti/{public_doc}/": [OK] * 7,
    "/documenti/{public_doc}/file/": [OK] * 7,
    "/documenti/{private_doc}/": [
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        NOT_FOUND,
        OK,
    ],
    "/documenti/{private_doc}/file/": [
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        NOT_FOUND,
        OK,
    ],
    "/documenti/{private_doc}/modifica/": [
        REDIRECT,
        NOT_FOUND,
        NOT_FOUND,
        FORBIDDEN,
        OK,
        NOT_FOUND,
        OK,
    ],
    "/documenti/gestione/nuovo/": [
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        OK,
        OK,
        OK,
    ],
    "/area-riservata/": [REDIRECT, OK, OK, OK, OK, OK, OK],
    "/enti/": [REDIRECT, FORBIDDEN, FORBIDDEN, OK, OK, OK, OK],
    "/enti/nuovo/": [REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, OK],
    "/enti/{own_org}/": [REDIRECT, NOT_FOUND, OK, OK, OK, OK, OK],
    "/enti/{own_org}/modifica/": [REDIRECT, NOT_FOUND, OK, FORBIDDEN, OK, OK, OK],
    "/enti/{other_org}/": [REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, OK, OK],
    "/enti/{other_org}/modifica/": [
        REDIRECT,
        NOT_FOUND,
        NOT_FOUND,
        FORBIDDEN,
        OK,
        OK,
        OK,
    ],
    # the API answers the same questions with the same rules
    "/api/v1/territory/ats": [OK] * 7,
    "/api/v1/territory/periods/2020-2023/allocations": [OK] * 7,
    "/api/v1/documents/documents": [OK] * 7,
    "/api/v1/documents/documents/{private_doc}": [
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        NOT_FOUND,
        OK,
    ],
    "/api/v1/registry/organisations": [
        UNAUTHORIZED,
        FORBIDDEN,
        FORBIDDEN,
        OK,
        OK,
        OK,
        OK,
    ],
    "/api/v1/registry/organisations/{own_org}": [
        UNAUTHORIZED,
        NOT_FOUND,
        OK,
        OK,
        OK,
        OK,
        OK,
    ],
    "/api/v1/registry/organisations/{other_org}": [
        UNAUTHORIZED,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        OK,
        OK,
    ],
    # the import of a member list: the officers of the network's ATS only
    "/enti/reti/{network}/importazioni/": [
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        OK,
        FORBIDDEN,
        FORBIDDEN,
    ],
    "/enti/reti/{network}/importazioni/modello-aderenti.csv": [
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        OK,
        FORBIDDEN,
        FORBIDDEN,
    ],
    "/enti/importazioni/{membership_import}/": [
        REDIRECT,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        NOT_FOUND,
        NOT_FOUND,
    ],
    "/enti/importazioni/{membership_import}/esito.csv": [
        REDIRECT,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        NOT_FOUND,
        NOT_FOUND,
    ],
    # joining: the pre-filled form for the requester and the network's
    # officers; its signed copy, a private document of the ATS
    "/enti/reti/{network}/aderisci/ente/?tax_code=00743110157": [
        REDIRECT,
        OK,
        OK,
        OK,
        OK,
        OK,
        OK,
    ],
    "/enti/adesioni/{membership}/modulo.pdf": [
        REDIRECT,
        NOT_FOUND,
        NOT_FOUND,
        FORBIDDEN,
        OK,
        NOT_FOUND,
        OK,
    ],
    "/documenti/{signed_form}/file/": [
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        NOT_FOUND,
        OK,
    ],
    # a new version of the Regolamento: the officers of the network's ATS
    "/reti/milano/2025-2027/regolamento/": [
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        OK,
        FORBIDDEN,
        FORBIDDEN,
    ],
    # local alliances, reserved area: who runs them (officers, representatives)
    "/area-riservata/alleanze/": [
        REDIRECT,
        FORBIDDEN,
        OK,
        FORBIDDEN,
        OK,
        OK,
        OK,
    ],
    "/area-riservata/alleanze/nuova/": [
        REDIRECT,
        FORBIDDEN,
        OK,
        FORBIDDEN,
        OK,
        OK,
        OK,
    ],
    # the Schede partnership a representative filed
    "/area-riservata/alleanze/richieste/": [
        REDIRECT,
        FORBIDDEN,
        OK,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
    ],
    # the public portal: alliances, projects, the page of an ATS, search,
    # the accessibility feedback form, the sitemap and the public API
    "/ats/milano/": [OK] * 7,
    "/alleanze/": [OK] * 7,
    "/alleanze/?ats=atlantide": [OK] * 7,
    "/alleanze/milano/nessuna/": [NOT_FOUND] * 7,
    "/progetti/": [OK] * 7,
    "/progetti/000-0000-00/": [NOT_FOUND] * 7,
    "/cerca/?q=milano": [OK] * 7,
    "/accessibilita/segnalazione/": [OK] * 7,
    "/sitemap.xml": [OK] * 7,
    "/api/v1/alliances/": [OK] * 7,
    "/api/v1/alliances/milano/nessuna": [NOT_FOUND] * 7,
    "/api/v1/projects/": [OK] * 7,
}

CASES = [
    (url, role, expected)
    for url, statuses in MATRIX.items()
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("url", "role", "expected"), CASES)
def test_each_role_gets_what_it_may_on_each_page(client, login_as, url, role, expected):
    # given the objects of ATS Milano and a person in the role
    own_org, other_org = OrganisationFactory.create(), OrganisationFactory.create()
    milano = ATS.objects.get(slug="milano")
    public_doc = DocumentFactory.create(ats=milano, is_public=True)
    private_doc = DocumentFactory.create(ats=milano, is_public=False)
    network = NetworkFactory.create()
    membership_import = MembershipImport.objects.create(
        network=network,
        created_by=make_user(),
        file=ContentFile(b"x", name="x.csv"),
        original_filename="x.csv",
    )
    membership = make_membership(
        network=network,
        signed_form=DocumentFactory.create(ats=milano, is_public=False),
    )
    if role == "ats_officer_brescia":
        login_as("ats_officer", ats_slug="brescia")
    elif role == "org_representative":
        login_as(role, organisation=own_org)
    else:
        login_as(role)

    # when
    response = client.get(
        url.format(
            own_org=own_org.pk,
            other_org=other_org.pk,
            public_doc=public_doc.pk,
            private_doc=private_doc.pk,
            network=network.pk,
            membership_import=membership_import.pk,
            membership=membership.pk,
            signed_form=membership.signed_form_id,
        )
    )

    # then
    assert response.status_code == expected, (url, role)


# -- calls and applications --------------------------------------------------
# The roles above and the representatives of the alliance that applies: its
# lead body's and a (non-lead) partner's. A draft is the alliance's own; the
# officers of the ATS and the Region see an application once it is submitted.
APPLICATION_ROLES = [*ROLES, "lead_representative", "partner_representative"]

APPLICATION_MATRIX: dict[str, list[HTTPStatus]] = {
    # the officers' view of what a call received, and its export
    "/area-riservata/avvisi/{call}/domande/": [
        *[REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK],
        *[FORBIDDEN, FORBIDDEN],
    ],
    "/area-riservata/avvisi/{call}/domande/export.xlsx": [
        *[REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK],
        *[FORBIDDEN, FORBIDDEN],
    ],
    "/area-riservata/avvisi/{draft_call}/domande/": [
        *[REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, OK, NOT_FOUND, OK],
        *[NOT_FOUND, NOT_FOUND],
    ],
    # what an application submitted: the alliance reads it on its own pages
    "/area-riservata/avvisi/domande/{submitted}/": [
        *[REDIRECT, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
        *[FORBIDDEN, FORBIDDEN],
    ],
    "/area-riservata/avvisi/domande/{draft}/": [
        *[REDIRECT, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        *[FORBIDDEN, FORBIDDEN],
    ],
    "/api/v1/applications/": [UNAUTHORIZED, *[OK] * 8],
    "/api/v1/applications/{draft}": [
        *[UNAUTHORIZED, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        *[NOT_FOUND, OK, OK],
    ],
    "/api/v1/applications/{submitted}": [
        *[UNAUTHORIZED, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK],
        *[OK, OK],
    ],
}

Y, N = True, False
# (permission, object) -> may the role (in APPLICATION_ROLES order)?
PERMISSION_MATRIX: dict[tuple[str, str], list[bool]] = {
    ("calls.view_call", "call"): [Y] * 9,
    ("calls.view_call", "draft_call"): [N, N, N, Y, Y, N, Y, N, N],
    ("calls.change_call", "draft_call"): [N, N, N, N, Y, N, N, N, N],
    ("calls.change_call", "call"): [N] * 9,
    ("calls.view_call_applications", "call"): [N, N, N, N, Y, N, Y, N, N],
    # another ATS, the Region and the ATS itself never see a draft
    ("applications.view_application", "draft"): [N, N, N, N, N, N, N, Y, Y],
    ("applications.view_application", "submitted"): [N, N, N, N, Y, N, Y, Y, Y],
    ("applications.change_application", "draft"): [N, N, N, N, N, N, N, Y, N],
    ("applications.change_application", "submitted"): [N] * 9,
    # a partner's representative cannot submit for the alliance
    ("applications.submit_application", "draft"): [N, N, N, N, N, N, N, Y, N],
    ("applications.submit_application", "submitted"): [N] * 9,
    ("applications.confirm_partnership", "draft"): [N, N, N, N, N, N, N, Y, Y],
    ("applications.confirm_partnership", "submitted"): [N] * 9,
}


@pytest.mark.parametrize("role", APPLICATION_ROLES)
def test_each_role_on_calls_and_applications(client, login_as, role):
    # given a draft and a submitted application of one alliance of ATS
    # Milano (to two calls), and a call still in preparation
    team = make_team()
    call = make_call()
    draft = complete_application(call=call, team=team)
    submitted = complete_application(call=make_call(title="Secondo avviso"), team=team)
    application_submit(actor=team.lead_rep, application=submitted, key=uuid.uuid4())
    submitted.refresh_from_db()
    draft_call = make_call(published=False)
    if role == "ats_officer_brescia":
        user = login_as("ats_officer", ats_slug="brescia")
    elif role in ("lead_representative", "partner_representative"):
        user = team.lead_rep if role == "lead_representative" else team.partner_rep
        client.force_login(user)
    elif role == "org_representative":
        user = login_as(role, organisation=OrganisationFactory.create())
    else:
        user = login_as(role)
    objects = {
        "call": call,
        "draft_call": draft_call,
        "draft": draft,
        "submitted": submitted,
    }
    index = APPLICATION_ROLES.index(role)

    # when
    statuses = {
        url: client.get(url.format(**{k: o.pk for k, o in objects.items()}))
        for url in APPLICATION_MATRIX
    }
    person = user or AnonymousUser()
    decisions = {
        (perm, name): person.has_perm(perm, objects[name])
        for perm, name in PERMISSION_MATRIX
    }

    # then
    wrong_pages = {
        url: response.status_code
        for url, response in statuses.items()
        if response.status_code != APPLICATION_MATRIX[url][index]
    }
    wrong_rules = {
        key: allowed
        for key, allowed in decisions.items()
        if allowed is not PERMISSION_MATRIX[key][index]
    }
    assert wrong_pages == {}, role
    assert wrong_rules == {}, role


# -- review, ranking, plan ---------------------------------------------------
# A call of ATS Milano ranked (approved) with two funded applications and a
# plan still in preparation: the ranking is public, the plan is not yet; the
# reviews, the evaluation and the plan are the ATS's (and the Region's, where
# it validates), never another ATS's. The alliance's people see the outcome
# on their own application, not the ATS's pages.
CHAIN_MATRIX: dict[str, list[HTTPStatus]] = {
    # the call is public: its ATS's pages answer 403, not 404 (ADR 0012)
    "/area-riservata/istruttoria/{call}/": [
        *[REDIRECT, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, OK],
        *[FORBIDDEN, FORBIDDEN],
    ],
    "/area-riservata/istruttoria/domande/{review}/": [
        *[REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, OK],
        *[NOT_FOUND, NOT_FOUND],
    ],
    "/area-riservata/graduatorie/{call}/": [
        *[REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK],
        *[FORBIDDEN, FORBIDDEN],
    ],
    "/graduatorie/{ranking}/": [OK] * 9,
    "/api/v1/rankings/{ranking}": [OK] * 9,
    "/area-riservata/piani/{plan}/": [
        *[REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, OK],
        *[NOT_FOUND, NOT_FOUND],
    ],
    "/piani/milano/2020-2023/": [NOT_FOUND] * 9,
    "/api/v1/plans/{plan}": [NOT_FOUND] * 9,
    "/area-riservata/piani/regione/": [
        *[REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
        *[FORBIDDEN, FORBIDDEN],
    ],
}
# (permission, object) -> may the role (in APPLICATION_ROLES order)?
CHAIN_PERMISSIONS: dict[tuple[str, str], list[bool]] = {
    ("reviews.view_review", "review"): [N, N, N, Y, Y, N, Y, N, N],
    ("reviews.decide_admissibility", "review"): [N, N, N, N, Y, N, N, N, N],
    ("reviews.assign_evaluator", "review"): [N, N, N, N, Y, N, N, N, N],
    ("reviews.record_consensus", "review"): [N, N, N, N, Y, N, N, N, N],
    ("plans.view_plan", "plan_version"): [N, N, N, Y, Y, N, Y, N, N],
    ("plans.change_plan", "plan_version"): [N, N, N, N, Y, N, N, N, N],
    ("plans.approve_plan", "plan_version"): [N, N, N, N, Y, N, N, N, N],
    # only the Region validates
    ("plans.validate_plan", "plan_version"): [N, N, N, N, N, N, Y, N, N],
}


@pytest.mark.parametrize("role", APPLICATION_ROLES)
def test_each_role_on_reviews_rankings_and_plans(client, login_as, role):
    # given a plan in preparation from an approved ranking of ATS Milano
    from conciliare.plans.tests.factories import make_plan
    from conciliare.reviews.models import ApplicationReview

    version = make_plan(funded=2)
    call = version.plan.call
    assert call is not None
    review = ApplicationReview.objects.filter(call=call).order_by("pk").first()
    assert review is not None
    alliance = review.application.alliance
    partner = alliance.partners.exclude(organisation=alliance.lead).first()
    assert partner is not None
    if role == "ats_officer_brescia":
        user = login_as("ats_officer", ats_slug="brescia")
    elif role in ("lead_representative", "partner_representative"):
        organisation = (
            alliance.lead if role == "lead_representative" else partner.organisation
        )
        user = make_user("org_representative", organisation=organisation)
        client.force_login(user)
    elif role == "org_representative":
        user = login_as(role, organisation=OrganisationFactory.create())
    else:
        user = login_as(role)
    ids = {
        "call": call.pk,
        "review": review.pk,
        "ranking": call.ranking.pk,
        "plan": version.plan.pk,
    }
    objects = {"review": review, "plan_version": version}
    index = APPLICATION_ROLES.index(role)

    # when
    statuses = {url: client.get(url.format(**ids)) for url in CHAIN_MATRIX}
    person = user or AnonymousUser()
    decisions = {
        (perm, name): person.has_perm(perm, objects[name])
        for perm, name in CHAIN_PERMISSIONS
    }

    # then
    wrong_pages = {
        url: response.status_code
        for url, response in statuses.items()
        if response.status_code != CHAIN_MATRIX[url][index]
    }
    wrong_rules = {
        key: allowed
        for key, allowed in decisions.items()
        if allowed is not CHAIN_PERMISSIONS[key][index]
    }
    assert wrong_pages == {}, (role, wrong_pages)
    assert wrong_rules == {}, (role, wrong_rules)


# -- monitoring (issue 7) ------------------------------------------------------------

MONITORING_MATRIX: dict[str, list[HTTPStatus]] = {
    # the project's monitoring: its ATS, its committee, the Region, its lead body
    "/area-riservata/progetti/{code}/": [
        *[REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, OK],
        *[OK, NOT_FOUND],
    ],
    "/area-riservata/progetti/{code}/relazioni/{report}/": [
        *[REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, OK],
        *[OK, NOT_FOUND],
    ],
    "/area-riservata/progetti/{code}/rendiconti/{statement}/": [
        *[REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, OK],
        *[OK, NOT_FOUND],
    ],
    "/api/v1/monitoring/reports/{report}": [
        *[UNAUTHORIZED, NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, OK],
        *[OK, NOT_FOUND],
    ],
    # payments of a published plan's project are public
    "/api/v1/monitoring/payments/?project={code}": [OK] * 9,
}
# (permission, object) -> may the role (in APPLICATION_ROLES order)?
MONITORING_PERMISSIONS: dict[tuple[str, str], list[bool]] = {
    ("monitoring.view_project", "project"): [N, N, N, Y, Y, N, Y, Y, N],
    ("monitoring.report_on_project", "project"): [N, N, N, N, N, N, N, Y, N],
    ("monitoring.edit_report", "draft_report"): [N, N, N, N, N, N, N, Y, N],
    # a submitted report is the ATS's to judge, no longer the lead body's to edit
    ("monitoring.edit_report", "report"): [N, N, N, N, N, N, N, N, N],
    ("monitoring.review_report", "report"): [N, N, N, N, Y, N, N, N, N],
    ("monitoring.check_statement", "statement"): [N, N, N, N, Y, N, N, N, N],
    ("monitoring.record_payment", "project"): [N, N, N, N, Y, N, N, N, N],
}


@pytest.mark.parametrize("role", APPLICATION_ROLES)
def test_each_role_on_the_monitoring_of_a_project(client, login_as, role):
    # given a project of ATS Milano in progress, with a submitted report and
    # statement, a draft report and the advance paid
    from datetime import timedelta

    from django.utils import timezone

    from conciliare.monitoring.models import (
        ExpenditureStatement,
        Expense,
        MonitoringReport,
        Payment,
        ReportKind,
        ReportStatus,
        StatementKind,
        StatementStatus,
    )
    from conciliare.monitoring.tests.factories import signed_project
    from conciliare.projects.models import ProjectStatus

    funded = signed_project()
    project = funded.project
    project.status = ProjectStatus.IN_PROGRESS
    project.save(update_fields=["status"])
    today = timezone.localdate()
    report = MonitoringReport.objects.create(
        project=project,
        ats=project.ats,
        kind=ReportKind.INTERIM,
        period_start=today - timedelta(days=3),
        period_end=today,
        narrative="Avvio delle attività.",
        status=ReportStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=funded.lead_rep,
        created_by=funded.lead_rep,
    )
    draft = MonitoringReport.objects.create(
        project=project,
        ats=project.ats,
        kind=ReportKind.INTERIM,
        period_start=today - timedelta(days=3),
        period_end=today,
        created_by=funded.lead_rep,
    )
    statement = ExpenditureStatement.objects.create(
        project=project,
        ats=project.ats,
        kind=StatementKind.INTERIM,
        number=1,
        period_start=today - timedelta(days=3),
        period_end=today,
        status=StatementStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=funded.lead_rep,
        created_by=funded.lead_rep,
    )
    Expense.objects.create(
        statement=statement,
        organisation=funded.team.lead,
        category="personnel",
        description="Ore di coordinamento",
        document_number="1/2026",
        document_date=today,
        amount="1200.00",
        document=DocumentFactory.create(ats=project.ats, is_public=False),
    )
    Payment.objects.create(
        project=project,
        ats=project.ats,
        kind="advance",
        amount="22500.00",
        act_number="12",
        act_date=today,
        paid_on=today,
        recorded_by=funded.officer,
    )
    if role == "ats_officer_brescia":
        user = login_as("ats_officer", ats_slug="brescia")
    elif role == "lead_representative":
        user = funded.lead_rep
        client.force_login(user)
    elif role == "partner_representative":
        user = funded.team.partner_rep
        client.force_login(user)
    elif role == "org_representative":
        user = login_as(role, organisation=OrganisationFactory.create())
    else:
        user = login_as(role)
    ids = {"code": project.code, "report": report.pk, "statement": statement.pk}
    objects = {
        "project": project,
        "report": report,
        "draft_report": draft,
        "statement": statement,
    }
    index = APPLICATION_ROLES.index(role)

    # when
    statuses = {url: client.get(url.format(**ids)) for url in MONITORING_MATRIX}
    person = user or AnonymousUser()
    decisions = {
        (perm, name): person.has_perm(perm, objects[name])
        for perm, name in MONITORING_PERMISSIONS
    }

    # then
    wrong_pages = {
        url: response.status_code
        for url, response in statuses.items()
        if response.status_code != MONITORING_MATRIX[url][index]
    }
    wrong_rules = {
        key: allowed
        for key, allowed in decisions.items()
        if allowed is not MONITORING_PERMISSIONS[key][index]
    }
    assert wrong_pages == {}, (role, wrong_pages)
    assert wrong_rules == {}, (role, wrong_rules)
    # the plan is validated, so its project's advance is public to everyone
    payments = statuses["/api/v1/monitoring/payments/?project={code}"].json()
    assert [item["amount"] for item in payments["items"]] == ["22500.00"]
