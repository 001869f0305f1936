"""The public pages are cached; a payment refreshes the figures they show."""

import pytest
from django.utils import timezone

from conciliare.monitoring.models import PaymentKind
from conciliare.monitoring.payment_services import payment_record
from conciliare.monitoring.tests.factories import signed_project

pytestmark = pytest.mark.django_db


def test_the_public_figures_show_a_payment_as_soon_as_it_is_recorded(
    client, django_capture_on_commit_callbacks
):
    # given a validated plan's project whose public pages were cached
    funded = signed_project(grants=("45000.02",))
    project_page = funded.project.get_absolute_url()
    assert "22.500,01" not in client.get("/numeri/").content.decode()
    assert "22.500,01" not in client.get(project_page).content.decode()

    # when the officer records the advance
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            actor=funded.officer,
            project=funded.project,
            kind=PaymentKind.ADVANCE,
            act_number="77",
            act_date=timezone.localdate(),
            paid_on=timezone.localdate(),
        )

    # then the public figures include it
    assert "22.500,01" in client.get("/numeri/").content.decode()
    assert "22.500,01" in client.get(project_page).content.decode()


def test_the_reserved_dashboard_reuses_its_sums_until_a_payment_changes_them(
    client, django_capture_on_commit_callbacks, login_as
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # given the Region's dashboard, read once
    funded = signed_project(grants=("45000.02",))
    login_as("regional_officer")
    with CaptureQueriesContext(connection) as first:
        page = client.get("/area-riservata/cruscotto/")
    assert page.status_code == 200
    assert "22.500,01" not in page.content.decode()

    # when it is read again, the sums come from the cache
    with CaptureQueriesContext(connection) as again:
        client.get("/area-riservata/cruscotto/")
    assert len(again) < len(first)

    # and a payment makes them be summed again
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            actor=funded.officer,
            project=funded.project,
            kind=PaymentKind.ADVANCE,
            act_number="78",
            act_date=timezone.localdate(),
            paid_on=timezone.localdate(),
        )
    assert "22.500,01" in client.get("/area-riservata/cruscotto/").content.decode()
