"""The ATS publishes its network's Regolamento; the public page shows the
version in force and the earlier ones."""

from datetime import date
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.documents.models import Document
from conciliare.documents.tests import samples
from conciliare.documents.tests.factories import upload
from conciliare.registry.network_regulation_services import (
    network_regulation_publish,
)
from conciliare.registry.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

KWARGS = {"ats_slug": "milano", "period_slug": "2025-2027"}
PUBLISH_URL = reverse("networks:network-regulation-publish", kwargs=KWARGS)
DETAIL_URL = reverse("networks:network-detail", kwargs=KWARGS)


def _post(**overrides):
    data = {
        "title": "Regolamento della Rete",
        "file": upload("regolamento.pdf"),
        "valid_from": "2025-03-01",
        "act_number": "Decreto 12",
        "act_date": "2025-02-20",
    }
    data.update(overrides)
    return data


def _versions(network, officer, count):
    for year in range(count):
        network_regulation_publish(
            actor=officer,
            network=network,
            data={
                "title": f"Regolamento {2020 + year}",
                "valid_from": date(2020 + year, 1, 1),
                "act_number": "",
                "act_date": None,
            },
            file=upload(f"regolamento-{year}.pdf"),
        )


def test_an_officer_publishes_the_regulation(client, login_as):
    # given
    network = NetworkFactory.create()
    login_as("ats_officer")
    assert PUBLISH_URL in client.get(DETAIL_URL).content.decode()

    # when
    response = client.post(PUBLISH_URL, _post())

    # then
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == DETAIL_URL
    network.refresh_from_db()
    regulation = network.regulation
    assert regulation is not None
    assert regulation.title == "Regolamento della Rete"
    assert regulation.valid_from == date(2025, 3, 1)


def test_a_date_not_after_the_version_in_force_is_shown_next_to_the_field(
    client, login_as, make_actor
):
    network = NetworkFactory.create()
    _versions(network, make_actor("ats_officer"), 1)  # in force since 2020
    login_as("ats_officer")

    response = client.post(
        PUBLISH_URL, _post(valid_from="2019-06-01", title="Da non pubblicare")
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_valid_from_error"' in html
    assert "dopo quella attuale" in html
    assert 'value="Da non pubblicare"' in html  # what was typed is kept
    assert 'id="file-again"' in html
    assert Document.objects.count() == 1


def test_a_file_that_is_not_a_pdf_is_refused(client, login_as):
    network = NetworkFactory.create()
    login_as("ats_officer")

    response = client.post(
        PUBLISH_URL,
        _post(file=upload("regolamento.docx", samples.ooxml_bytes("docx"))),
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_file_error"' in response.content.decode()
    network.refresh_from_db()
    assert network.regulation is None


@pytest.mark.parametrize(
    ("who", "ats_slug", "status"),
    [
        ("ats_officer", "milano", HTTPStatus.OK),
        ("ats_officer", "brescia", HTTPStatus.FORBIDDEN),
        ("regional_officer", "milano", HTTPStatus.FORBIDDEN),
        ("committee_member", "milano", HTTPStatus.FORBIDDEN),
        ("citizen", "milano", HTTPStatus.FORBIDDEN),
    ],
)
def test_who_may_open_the_publish_page(client, login_as, who, ats_slug, status):
    NetworkFactory.create()
    login_as(who, ats_slug=ats_slug)

    page = client.get(PUBLISH_URL)
    publish = client.post(PUBLISH_URL, _post())

    assert page.status_code == status
    if status == HTTPStatus.OK:
        assert publish.status_code == HTTPStatus.FOUND
    else:
        assert publish.status_code == HTTPStatus.FORBIDDEN
        assert not Document.objects.exists()


def test_the_network_page_shows_the_version_in_force_and_the_earlier_ones(
    client, make_actor
):
    # given three versions, from 2020, 2021 and 2022
    network = NetworkFactory.create()
    _versions(network, make_actor("ats_officer"), 3)

    # when an anonymous visitor opens the network page
    html = client.get(DETAIL_URL).content.decode()

    # then
    network.refresh_from_db()
    assert network.regulation is not None
    in_force, versions = html.split('id="regulation-versions"')
    assert "Regolamento 2022" in in_force
    assert network.regulation.get_download_url() in in_force
    assert "Versioni precedenti" in in_force
    assert versions.index("Regolamento 2021") < versions.index("Regolamento 2020")
    assert "31/12/2021" in versions  # 2021 ended the day before 2022
    assert "Regolamento 2022" not in versions


@pytest.mark.parametrize("count", [1, 4])
def test_the_network_page_costs_the_same_queries_however_many_versions(
    client, make_actor, count
):
    network = NetworkFactory.create()
    _versions(network, make_actor("ats_officer"), count)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(DETAIL_URL)

    assert response.status_code == HTTPStatus.OK
    # the network with its regulation, three of statistics, the earlier versions
    assert len(queries) == 5
