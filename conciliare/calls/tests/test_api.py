"""The public API of the calls: published ones only, with their rules."""

from http import HTTPStatus

import pytest
from django.utils import timezone

from conciliare.calls.models import CallAmendment
from conciliare.calls.tests.factories import make_call

pytestmark = pytest.mark.django_db

API = "/api/v1/calls/"


def test_the_list_has_published_calls_only_paginated(client):
    call = make_call(title="Avviso Milano")
    make_call(published=False, title="Bozza")
    make_call(ats_slug="brescia", title="Avviso Brescia")

    body = client.get(API, {"limit": 1}).json()

    assert body["count"] == 2
    assert len(body["items"]) == 1
    every = client.get(API, {"ats": "milano"}).json()["items"]
    assert [item["id"] for item in every] == [call.pk]
    item = every[0]
    assert item["title"] == "Avviso Milano"
    assert (item["ats"], item["period"], item["status"]) == (
        "milano",
        "2020-2023",
        "published",
    )
    assert item["status_label"] == "Pubblicato"
    assert item["total_budget"] == "337126.00"
    assert item["url"].endswith(f"/avvisi/{call.pk}/")


def test_an_unknown_ats_is_a_400(client):
    response = client.get(API, {"ats": "atlantide"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "ats" in response.json()["detail"]


def test_the_detail_has_rules_criteria_attachments_and_amendments(client):
    # given
    call = make_call()
    CallAmendment.objects.create(
        call=call,
        number=1,
        reason="Proroga.",
        changes={},
        amended_by=call.created_by,
        amended_at=timezone.now(),
    )

    # when
    response = client.get(f"{API}{call.pk}")

    # then
    body = response.json()
    assert response.status_code == HTTPStatus.OK
    assert body["projects_budget"] == "269700.80"
    assert body["system_action_budget"] == "67425.20"
    assert body["is_open"] is True
    assert body["guidance_url"].endswith("/avvisi/indirizzi/milano/2020-2023/")
    assert len(body["areas"]) == 6
    assert body["rules"]["min_partners"] == 4
    assert body["rules"]["min_cofinancing_share"] == "30.00"
    assert body["rules"]["max_grant"] == "50000.00"
    assert "private_nonprofit" in body["rules"]["lead_typologies"]
    assert len(body["criteria"]) == 5
    assert body["criteria"][0]["max_points"] == "25.00"
    assert [a["name"] for a in body["required_attachments"]] == [
        "Accordo di partenariato sottoscritto",
        "Dichiarazioni sottoscritte dei partner",
    ]
    assert body["amendments"][0]["reason"] == "Proroga."


def test_a_draft_is_404(client):
    call = make_call(published=False)
    response = client.get(f"{API}{call.pk}")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"{API}999999").status_code == HTTPStatus.NOT_FOUND


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/calls/" in paths
    assert "/api/v1/calls/{call_id}" in paths
