"""The Region's view: the plans of all 8 ATS for a period, those without a
plan shown as such, with allocation, committed money and difference, in a
constant number of queries."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.plans.plan_content_services import system_action_add
from conciliare.plans.plan_selectors import region_rows
from conciliare.plans.tests.factories import approved_ranking_call, make_plan
from conciliare.territory.models import ATS, Allocation, ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _plan(ats_slug, *, funded, action="0", status="draft"):
    call, _submitted = approved_ranking_call(funded=funded, ats_slug=ats_slug)
    version = make_plan(call=call)
    if Decimal(action):
        system_action_add(
            actor=make_user(Role.ATS_OFFICER, ats=call.ats),
            version=version,
            data={"title": "Rete", "description": "D", "budget": Decimal(action)},
        )
    if status != "draft":
        from conciliare.plans.tests.factories import approve

        version = approve(version)
    return version


def _allocation(slug):
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    return sum(
        a.amount for a in Allocation.objects.filter(ats__slug=slug, period=period)
    )


def test_every_ats_is_listed_with_its_totals():
    _plan("milano", funded=2, action="12345.67")
    _plan("brianza", funded=1)
    period = ProgrammingPeriod.objects.get(slug="2020-2023")

    rows = {row.ats.slug: row for row in region_rows(period=period)}

    assert set(rows) == set(ATS.objects.values_list("slug", flat=True))
    assert len(rows) == 8
    milano = rows["milano"]
    assert milano.allocation == _allocation("milano")
    assert milano.committed == Decimal("112345.67")
    assert milano.difference == _allocation("milano") - Decimal("112345.67")
    assert rows["brianza"].committed == Decimal("50000.00")
    pavia = rows["pavia"]
    assert pavia.version is None
    assert pavia.committed == Decimal(0)
    assert pavia.allocation == _allocation("pavia")


def test_the_page_shows_the_eight_ats_and_the_sent_plans_actions(
    client, sign_in, make_actor
):
    sent = make_plan(funded=1, status="sent")
    sign_in(make_actor(Role.REGIONAL_OFFICER))

    response = client.get(reverse("plans-manage:region"))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="region-row"') == 8
    assert "Nessun piano" in body
    assert "Trasmesso alla Regione (versione 1)" in body
    assert reverse("plans-manage:version-validate", args=[sent.pk]) in body
    assert reverse("plans-manage:version-return", args=[sent.pk]) in body


def test_the_default_period_is_the_latest_with_plans(client, sign_in, make_actor):
    make_plan(funded=1)
    sign_in(make_actor(Role.REGIONAL_OFFICER))
    body = client.get(reverse("plans-manage:region")).content.decode()
    assert "Piani Territoriali del periodo 2020-2023" in body
    other = client.get(reverse("plans-manage:region"), {"period": "2025-2027"})
    text = other.content.decode()
    assert "Piani Territoriali del periodo 2025-2027" in text
    assert len(re.findall("Nessun piano", text)) == 8


def test_the_region_view_query_count_is_constant(client, sign_in, make_actor):
    sign_in(make_actor(Role.REGIONAL_OFFICER))
    url = reverse("plans-manage:region")
    _plan("milano", funded=1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _plan("brianza", funded=2, action="100", status="approved")
    _plan("pavia", funded=1)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(one) == len(three)
