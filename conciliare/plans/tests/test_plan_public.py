"""The public plans: only approved, sent or validated versions (the latest
of them), the page as the ATS pages of the original site had it, cached,
and the API."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.plans.models import PlanVersion
from conciliare.plans.plan_content_services import system_action_add
from conciliare.plans.plan_services import plan_amend
from conciliare.plans.tests.factories import approve, approved_ranking_call, make_plan

pytestmark = pytest.mark.django_db


def _public_url(version: PlanVersion) -> str:
    return version.plan.get_absolute_url()


def test_the_public_address_of_a_plan():
    version = make_plan(funded=1)
    assert _public_url(version) == "/piani/milano/2020-2023/"


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_a_plan_not_approved_is_not_public(status, client):
    version = make_plan(funded=1, status=status)
    assert client.get(_public_url(version)).status_code == 404
    assert (
        version.plan.title
        not in client.get(reverse("plans:plan-list")).content.decode()
    )
    assert client.get(f"/api/v1/plans/{version.plan_id}").status_code == 404


@pytest.mark.parametrize("status", ["approved", "sent", "validated"])
def test_an_approved_plan_is_public(status, client):
    version = make_plan(funded=2, status=status)
    response = client.get(_public_url(version))
    assert response.status_code == 200
    assert version.plan.title in client.get(reverse("plans:plan-list")).content.decode()


def test_the_public_page_lists_lead_alliance_title_and_web_page(client):
    version = make_plan(funded=2)
    officer = make_user(Role.ATS_OFFICER, ats=version.plan.ats)
    system_action_add(
        actor=officer,
        version=version,
        data={
            "title": "Sportello di rete",
            "description": "Coordinamento.",
            "budget": Decimal(1000),
            "operators_note": "Consigliera di parità",
        },
    )
    project = version.funded_projects.order_by("position")[0].project
    project.website = "https://www.example.org/progetto"
    project.save()
    version = approve(version, officer=officer)

    body = client.get(_public_url(version)).content.decode()

    row = version.funded_projects.select_related("project__alliance__lead")[0]
    assert row.project.alliance.lead.legal_name in body
    assert row.project.alliance.name in body
    assert row.project.title in body
    assert "https://www.example.org/progetto" in body
    assert "Sportello di rete" in body
    assert "Consigliera di parità" in body
    assert version.act_document is not None
    assert version.act_document.get_absolute_url() in body
    assert "n. 390" in body


def test_the_public_page_is_cached_and_refreshed_on_change(
    client, django_capture_on_commit_callbacks
):
    version = make_plan(funded=1, status="approved")
    url = _public_url(version)
    client.get(url)
    assert client.get(url)["X-Public-Cache"] == "hit"
    from conciliare.plans.plan_services import plan_send

    with django_capture_on_commit_callbacks(execute=True):
        plan_send(
            actor=make_user(Role.ATS_OFFICER, ats=version.plan.ats), version=version
        )
    response = client.get(url)
    assert "X-Public-Cache" not in response
    assert "Trasmesso alla Regione" in response.content.decode()


def test_a_rimodulazione_in_preparation_leaves_the_validated_version_public(client):
    validated = make_plan(funded=1, status="validated")
    amended = plan_amend(
        actor=make_user(Role.ATS_OFFICER, ats=validated.plan.ats),
        plan=validated.plan,
        reason="Nuove risorse.",
    )
    system_action_add(
        actor=make_user(Role.ATS_OFFICER, ats=validated.plan.ats),
        version=amended,
        data={"title": "Azione nuova", "description": "D", "budget": Decimal(1)},
    )
    body = client.get(_public_url(validated)).content.decode()
    assert "Validato dalla Regione" in body
    assert "Azione nuova" not in body
    detail = client.get(f"/api/v1/plans/{validated.plan_id}").json()
    assert detail["version"] == 1
    assert detail["system_actions"] == []


def _public_queries(client, *, ats_slug, funded):
    call, _submitted = approved_ranking_call(funded=funded, ats_slug=ats_slug)
    version = make_plan(call=call, status="approved")
    url = _public_url(version)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_public_page_query_count_is_constant_in_rows(client):
    assert _public_queries(client, ats_slug="milano", funded=1) == _public_queries(
        client, ats_slug="brianza", funded=3
    )


def test_the_api_lists_public_plans_with_filters(client):
    public = make_plan(funded=1, status="approved")
    call, _submitted = approved_ranking_call(funded=1, ats_slug="brianza")
    make_plan(call=call)  # a draft: not listed

    data = client.get("/api/v1/plans/").json()
    assert [item["id"] for item in data["items"]] == [public.plan_id]
    item = data["items"][0]
    assert (item["ats"], item["period"], item["status"]) == (
        "milano",
        "2020-2023",
        "approved",
    )
    assert item["url"].endswith("/piani/milano/2020-2023/")
    assert client.get("/api/v1/plans/", {"ats": "brianza"}).json()["items"] == []
    assert client.get("/api/v1/plans/", {"period": "2020-2023"}).json()["count"] == 1
    assert client.get("/api/v1/plans/", {"ats": "atlantide"}).status_code == 400


def test_the_api_gives_a_plans_content(client):
    version = make_plan(funded=2)
    officer = make_user(Role.ATS_OFFICER, ats=version.plan.ats)
    system_action_add(
        actor=officer,
        version=version,
        data={"title": "Sportello", "description": "D", "budget": Decimal("999.99")},
    )
    approve(version, officer=officer)

    data = client.get(f"/api/v1/plans/{version.plan_id}").json()

    assert [p["grant"] for p in data["projects"]] == ["50000.00", "50000.00"]
    assert data["projects"][0]["code"].startswith(version.plan.ats.code)
    assert data["system_actions"][0]["budget"] == "999.99"
    assert {f["kind"] for f in data["funding"]} == {"regional", "partners"}
    assert {m["kind"] for m in data["milestones"]} == {
        "interim_report",
        "final_report",
    }
    assert data["act_number"] == "390"
    assert data["act_url"]
    assert client.get("/api/v1/plans/999999").status_code == 404
