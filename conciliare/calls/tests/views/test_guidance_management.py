"""The reserved pages of the Documento Territoriale di Indirizzo."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.calls.models import GuidanceDocument, GuidanceStatus
from conciliare.calls.tests.factories import make_guidance
from conciliare.documents.tests.factories import upload
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"calls-manage:{name}", args=args)


def _period():
    return ProgrammingPeriod.objects.get(slug="2020-2023")


def test_the_staff_list_their_documents(client, sign_in):
    mine = make_guidance(adopted=False)
    other = make_guidance(ats_slug="brescia", adopted=False)
    sign_in(make_user(Role.COMMITTEE_MEMBER, ats=ats("milano")))

    response = client.get(_url("guidance-list"))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert mine.title in html
    assert "In redazione" in html
    assert other.title not in html
    assert _url("guidance-create") not in html  # only officers start one


def test_representatives_have_no_guidance_pages(client, sign_in):
    guidance = make_guidance()
    rep = make_user(
        Role.ORGANISATION_REPRESENTATIVE, organisation=OrganisationFactory.create()
    )
    sign_in(rep)
    assert client.get(_url("guidance-list")).status_code == HTTPStatus.FORBIDDEN
    assert client.get(_url("guidance-edit", guidance.pk)).status_code == 403


def test_an_officer_starts_a_document(client, sign_in):
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    assert _url("guidance-create") in client.get(_url("guidance-list")).content.decode()

    response = client.post(
        _url("guidance-create"),
        {
            "ats": str(ats("milano").pk),
            "period": str(_period().pk),
            "title": "Documento Territoriale di Indirizzo 2020-2023",
        },
    )

    guidance = GuidanceDocument.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _url("guidance-edit", guidance.pk)
    assert guidance.status == GuidanceStatus.DRAFT


def test_a_second_document_for_the_period_is_refused_beside_the_period(client, sign_in):
    make_guidance(adopted=False)
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))

    response = client.post(
        _url("guidance-create"),
        {"ats": str(ats("milano").pk), "period": str(_period().pk), "title": "Bis"},
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_period_error"' in html
    assert "già un Documento di Indirizzo" in html
    assert GuidanceDocument.objects.count() == 1


def test_an_officer_cannot_start_one_for_another_ats(client, sign_in):
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))

    response = client.post(
        _url("guidance-create"),
        {"ats": str(ats("brescia").pk), "period": str(_period().pk), "title": "X"},
    )

    assert 'id="id_ats_error"' in response.content.decode()
    assert not GuidanceDocument.objects.exists()


def test_a_committee_member_writes_the_sections(client, sign_in):
    guidance = make_guidance(adopted=False)
    sign_in(make_user(Role.COMMITTEE_MEMBER, ats=ats("milano")))
    page = client.get(_url("guidance-edit", guidance.pk)).content.decode()
    assert 'name="time_policies"' in page
    assert _url("guidance-adopt", guidance.pk) not in page  # officers adopt

    response = client.post(
        _url("guidance-edit", guidance.pk),
        {
            "title": guidance.title,
            "context": "Bisogni delle famiglie con figli piccoli.",
            "strategies": "Servizi salva-tempo.",
            "priority_actions": "Centri estivi.",
            "resources": "€ 968.000 nel triennio.",
            "network_integration": "Rete WHP della Lombardia.",
            "time_policies": "Banca del tempo.",
        },
    )

    guidance.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert guidance.network_integration == "Rete WHP della Lombardia."
    assert guidance.time_policies == "Banca del tempo."


def test_an_adopted_document_is_read_only(client, sign_in):
    guidance = make_guidance()
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))

    page = client.get(_url("guidance-edit", guidance.pk))
    post = client.post(_url("guidance-edit", guidance.pk), {"title": "Nuovo"})

    html = page.content.decode()
    assert page.status_code == HTTPStatus.OK
    assert "Adottato" in html
    assert 'name="context"' not in html
    assert "Analisi dei bisogni di conciliazione del territorio." in html
    assert post.status_code == HTTPStatus.FORBIDDEN


def test_another_ats_never_sees_a_draft(client, sign_in):
    guidance = make_guidance(adopted=False)
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("brescia")))
    assert client.get(_url("guidance-edit", guidance.pk)).status_code == 404
    assert client.get(_url("guidance-adopt", guidance.pk)).status_code == 404


def test_an_officer_adopts_the_document_with_its_act(client, sign_in):
    # given
    guidance = make_guidance(adopted=False)
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    assert client.get(_url("guidance-adopt", guidance.pk)).status_code == 200

    # when
    response = client.post(
        _url("guidance-adopt", guidance.pk),
        {
            "act_number": "103",
            "act_date": "2020-02-28",
            "act_file": upload("decreto-103.pdf"),
        },
    )

    # then
    guidance.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert guidance.status == GuidanceStatus.ADOPTED
    assert (guidance.act_number, guidance.act_date) == ("103", date(2020, 2, 28))
    document = guidance.act_document
    assert document is not None
    assert document.is_public
    public = client.get(guidance.get_absolute_url()).content.decode()
    assert document.get_download_url() in public


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"act_file": upload("decreto.pdf", data=b"non sono un pdf")}, "act_file"),
        ({"act_file": upload("vuoto.pdf", data=b"")}, "act_file"),
        ({"act_file": None}, "act_file"),
        ({"act_number": ""}, "act_number"),
        (
            {"act_date": (timezone.localdate() + timedelta(days=3)).isoformat()},
            "act_date",
        ),
    ],
)
def test_a_bad_act_is_shown_beside_its_field_and_nothing_is_adopted(
    client, sign_in, data, field
):
    guidance = make_guidance(adopted=False)
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    post = {"act_number": "103", "act_date": "2020-02-28", "act_file": upload()}
    for key, value in data.items():
        if value is None:
            del post[key]
        else:
            post[key] = value

    response = client.post(_url("guidance-adopt", guidance.pk), post)

    html = response.content.decode()
    guidance.refresh_from_db()
    assert response.status_code == HTTPStatus.OK
    assert f'id="id_{field}_error"' in html
    assert guidance.status == GuidanceStatus.DRAFT
    if field != "act_number":
        assert 'value="103"' in html  # typed data stays


def test_an_empty_document_cannot_be_adopted(client, sign_in):
    guidance = GuidanceDocument.objects.create(
        ats=ats("pavia"), period=_period(), title="DTI Pavia"
    )
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("pavia")))

    response = client.post(
        _url("guidance-adopt", guidance.pk),
        {"act_number": "1", "act_date": "2020-02-28", "act_file": upload()},
    )

    assert "Il documento è vuoto" in response.content.decode()
    guidance.refresh_from_db()
    assert guidance.status == GuidanceStatus.DRAFT
