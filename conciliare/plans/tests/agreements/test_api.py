"""/api/v1/agreements/: the agreements the user may read, with their
instalments and deadlines; 404 for the others."""

from decimal import Decimal

import pytest

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.plans.agreement_services import agreements_generate
from conciliare.plans.tests.agreement_factories import make_agreement_plan

pytestmark = pytest.mark.django_db

URL = "/api/v1/agreements/"


@pytest.fixture
def two_plans():
    milano = make_agreement_plan(grants=("45000.01", "30000.00"), milestones=True)
    brianza = make_agreement_plan(grants=("20000.00",), ats_slug="brianza")
    return (
        milano,
        agreements_generate(actor=milano.officer, version=milano.version),
        brianza,
        agreements_generate(actor=brianza.officer, version=brianza.version),
    )


def test_an_officer_lists_the_agreements_of_the_own_ats(client, sign_in, two_plans):
    milano, agreements, _brianza, _others = two_plans
    sign_in(milano.officer)

    body = client.get(URL).json()

    assert body["count"] == 2
    first = body["items"][0]
    assert first["number"] == agreements[0].number
    assert first["ats"] == "milano"
    assert first["plan"] == milano.plan.pk
    assert first["lead"] == milano.teams[0].lead.legal_name
    assert Decimal(first["grant"]) == Decimal("45000.01")


def test_the_region_filters_by_plan_and_ats(client, sign_in, two_plans):
    _milano, _agreements, brianza, others = two_plans
    sign_in(make_user(Role.REGIONAL_OFFICER))

    assert client.get(URL).json()["count"] == 3
    by_plan = client.get(URL, {"plan": brianza.plan.pk}).json()
    assert [item["number"] for item in by_plan["items"]] == [others[0].number]
    assert client.get(URL, {"ats": "milano"}).json()["count"] == 2


def test_one_agreement_with_instalments_and_deadlines(client, sign_in, two_plans):
    milano, agreements, _brianza, _others = two_plans
    sign_in(milano.teams[0].lead_rep)

    body = client.get(f"{URL}{agreements[0].pk}").json()

    assert [(i["kind"], Decimal(i["amount"])) for i in body["instalments"]] == [
        ("advance", Decimal("22500.01")),
        ("balance", Decimal("22500.00")),
    ]
    assert [d["kind"] for d in body["deadlines"]] == ["interim_report", "final_report"]
    assert "Art. 1 – Oggetto" in body["body"]


def test_what_the_user_may_not_read_is_not_found(client, sign_in, two_plans):
    milano, agreements, _brianza, others = two_plans
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("brianza")))

    assert client.get(f"{URL}{agreements[0].pk}").status_code == 404
    assert client.get(f"{URL}{others[0].pk}").status_code == 200
    sign_in(milano.teams[0].lead_rep)
    assert client.get(f"{URL}{agreements[1].pk}").status_code == 404
    assert client.get(URL).json()["count"] == 1


def test_anonymous_callers_are_refused(client, two_plans):
    assert client.get(URL).status_code == 401
