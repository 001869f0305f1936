import csv
import io
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conciliare.accounts.tests.factories import make_user
from conciliare.registry.models import (
    Membership,
    MembershipStatus,
    Organisation,
    SizeClass,
    Typology,
)
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
    valid_tax_code,
)
from conciliare.territory.models import Comune, InterventionArea

pytestmark = pytest.mark.django_db


def _bulk_members(network, count, start):
    """``count`` active members of ``network`` written in two queries."""
    comune = Comune.objects.select_related("ambito").get(name="Milano")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            legal_name=f"Ente massivo {start + n:05d}",
            tax_code=valid_tax_code(start + n),
            legal_form="association",
            typology=Typology.PRIVATE_NONPROFIT,
            size_class=SizeClass.SMALL,
            comune=comune,
            ambito=comune.ambito,
        )
        for n in range(count)
    )
    requester = make_user()
    now = timezone.now()
    Membership.objects.bulk_create(
        Membership(
            network=network,
            organisation=organisation,
            status=MembershipStatus.ACTIVE,
            protocol_number=f"B-{start + n:07d}",
            requested_by=requester,
            legal_representative="Maria Rossi",
            contact_name="Luca Bianchi",
            contact_email="referente@example.org",
            privacy_accepted_at=now,
            regulation_accepted_at=now,
            member_since=now.date(),
        )
        for n, organisation in enumerate(organisations)
    )


def _url(network, name="membership-registry"):
    return reverse(f"registry:{name}", args=[network.pk])


def test_the_registry_keeps_its_queries_whatever_the_number_of_members(
    client, login_as
):
    # given
    network = NetworkFactory.create()
    login_as("ats_officer")
    _bulk_members(network, 10, start=500_000)
    client.get(_url(network))  # warm up session and caches
    with CaptureQueriesContext(connection) as with_10:
        first = client.get(_url(network), {"ordering": "comune"})
    _bulk_members(network, 990, start=600_000)

    # when
    with CaptureQueriesContext(connection) as with_1000:
        second = client.get(_url(network), {"ordering": "comune"})

    # then
    assert first.status_code == second.status_code == HTTPStatus.OK
    assert "1000 aderenti trovati" in second.content.decode()
    # user, roles, network, ambiti and areas of the filter, count, page rows
    assert len(with_10) == len(with_1000) == 7


def test_the_registry_shows_live_members_by_default(client, login_as):
    network = NetworkFactory.create()
    active = make_membership(network=network, status=MembershipStatus.ACTIVE)
    gone = make_membership(network=network, status=MembershipStatus.WITHDRAWN)
    login_as("ats_officer")

    html = client.get(_url(network)).content.decode()
    everything = client.get(_url(network), {"status": "all"}).content.decode()

    assert active.organisation.legal_name in html
    assert active.get_absolute_url() in html
    assert gone.organisation.legal_name not in html
    assert gone.organisation.legal_name in everything


def test_the_registry_filters_by_typology_and_search(client, login_as):
    network = NetworkFactory.create()
    public = make_membership(
        network=network,
        status=MembershipStatus.ACTIVE,
        organisation=OrganisationFactory.create(
            legal_name="Comune di Prova", typology=Typology.PUBLIC_BODY
        ),
    )
    other = make_membership(network=network, status=MembershipStatus.ACTIVE)
    login_as("ats_officer")

    by_typology = client.get(
        _url(network), {"typology": public.organisation.typology}
    ).content.decode()
    by_code = client.get(
        _url(network), {"q": other.organisation.tax_code}
    ).content.decode()

    assert other.organisation.legal_name not in by_typology
    assert "Comune di Prova" in by_typology
    assert other.organisation.legal_name in by_code
    assert "Comune di Prova" not in by_code


def test_htmx_requests_get_only_the_results(client, login_as):
    network = NetworkFactory.create()
    login_as("ats_officer")

    response = client.get(_url(network), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<form" not in html


@pytest.mark.parametrize(
    "name",
    ["membership-registry", "membership-export-csv", "membership-export-xlsx"],
)
@pytest.mark.parametrize(
    ("who", "kwargs", "expected"),
    [
        ("ats_officer", {}, HTTPStatus.OK),
        ("regional_officer", {}, HTTPStatus.OK),
        ("ats_officer", {"ats_slug": "brescia"}, HTTPStatus.FORBIDDEN),
        ("committee_member", {}, HTTPStatus.FORBIDDEN),
        ("citizen", {}, HTTPStatus.FORBIDDEN),
    ],
)
def test_registry_permissions(client, login_as, name, who, kwargs, expected):
    network = NetworkFactory.create()
    login_as(who, **kwargs)

    response = client.get(_url(network, name))

    assert response.status_code == expected


def _export_fixture():
    network = NetworkFactory.create()
    areas = [
        InterventionArea.objects.get_or_create(
            period=network.period, number=number, defaults={"name": name}
        )[0]
        for number, name in ((91, "Area uno"), (92, "Area due"))
    ]
    membership = make_membership(
        network=network,
        status=MembershipStatus.ACTIVE,
        directory_consent=True,
        organisation=OrganisationFactory.create(legal_name="Cooperativa Àncora"),
    )
    membership.areas.set(areas)
    make_membership(
        network=network, status=MembershipStatus.REJECTED, decision_reason="No"
    )
    return network, membership, areas


def test_the_csv_export_is_excel_friendly(client, login_as):
    # given
    network, membership, areas = _export_fixture()
    login_as("ats_officer")

    # when
    response = client.get(_url(network, "membership-export-csv"))

    # then
    assert response["Content-Type"].startswith("text/csv")
    assert "milano" in response["Content-Disposition"]
    assert network.period.slug in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][0] == "Numero di protocollo"
    assert len(rows) == 2  # header + the live member only
    row = rows[1]
    assert row[0] == membership.protocol_number
    assert row[1] == "Cooperativa Àncora"
    assert row[2] == membership.organisation.tax_code
    assert row[7] == "Attiva"
    assert row[9] == "; ".join(area.name for area in areas)
    assert row[9]
    assert row[10] == "Sì"


def test_the_xlsx_export_follows_the_filters(client, login_as):
    network, membership, _areas = _export_fixture()
    login_as("ats_officer")

    response = client.get(_url(network, "membership-export-xlsx"), {"status": "all"})

    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Ente"
    assert sheet["A1"].font.bold
    assert len(rows) == 3
    assert membership.protocol_number in {row[0] for row in rows[1:]}
