from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.partnerships.models import Partner, PartnerRequest, PartnerRequestStatus
from conciliare.partnerships.tests.factories import AllianceFactory
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"alliances-manage:{name}", args=args)


@pytest.fixture
def applicant(db):
    organisation = OrganisationFactory.create(legal_name="CNA Milano")
    return make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=organisation)


def _request_for(alliance, applicant, **kwargs):
    return PartnerRequest.objects.create(
        alliance=alliance,
        organisation=applicant.roles[0].organisation,
        requested_by=applicant,
        technical_contribution="Consulenza alle imprese",
        **kwargs,
    )


def test_a_representative_files_the_scheda(client, sign_in, applicant):
    # given
    alliance = AllianceFactory.create(name="Alleanza Ovest")
    sign_in(applicant)
    url = _url("request-create", alliance.pk)
    assert "Alleanza Ovest" in client.get(url).content.decode()

    # when
    response = client.post(
        url,
        {
            "organisation": str(applicant.roles[0].organisation_id),
            "technical_contribution": "Consulenza alle imprese",
            "economic_contribution": "2.000",
            "message": "Siamo interessati.",
        },
    )

    # then
    partner_request = PartnerRequest.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _url("request-detail", partner_request.pk)
    assert str(partner_request.economic_contribution) == "2000.00"
    detail = client.get(response["Location"]).content.decode()
    assert "Richiesta" in detail
    assert "Consulenza alle imprese" in detail


def test_an_empty_scheda_is_refused_next_to_the_field_and_kept(
    client, sign_in, applicant
):
    alliance = AllianceFactory.create()
    sign_in(applicant)

    response = client.post(
        _url("request-create", alliance.pk),
        {
            "organisation": str(applicant.roles[0].organisation_id),
            "message": "Un messaggio",
        },
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_technical_contribution_error"' in html
    assert "Un messaggio" in html
    assert not PartnerRequest.objects.exists()


def test_a_second_scheda_is_refused_next_to_the_organisation(
    client, sign_in, applicant
):
    alliance = AllianceFactory.create()
    _request_for(alliance, applicant)
    sign_in(applicant)

    response = client.post(
        _url("request-create", alliance.pk),
        {
            "organisation": str(applicant.roles[0].organisation_id),
            "content_contribution": "Formazione",
        },
    )

    html = response.content.decode()
    assert 'id="id_organisation_error"' in html
    assert "già una scheda partnership in attesa" in html
    assert PartnerRequest.objects.count() == 1


def test_a_closed_alliance_shows_no_form(client, sign_in, applicant):
    alliance = AllianceFactory.create(is_open_to_partners=False)
    sign_in(applicant)

    html = client.get(_url("request-create", alliance.pk)).content.decode()

    assert "non accoglie nuovi partner" in html
    assert 'name="technical_contribution"' not in html


def test_somebody_representing_no_organisation_may_not_file(client, sign_in):
    alliance = AllianceFactory.create()
    sign_in(make_user())

    response = client.get(_url("request-create", alliance.pk))

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_lead_accepts_from_the_queue_through_htmx(client, sign_in, applicant):
    # given
    alliance = AllianceFactory.create()
    partner_request = _request_for(alliance, applicant)
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead))
    queue = client.get(_url("alliance-request-queue", alliance.pk)).content.decode()
    assert "CNA Milano" in queue

    # when
    response = client.post(
        _url("request-accept", partner_request.pk), headers={"HX-Request": "true"}
    )

    # then the card comes back, with the outcome
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.lstrip().startswith(
        f'<article class="card card-bg mb-4" id="request-{partner_request.pk}"'
    )
    assert "Accolta" in html
    assert "è ora partner dell&#x27;alleanza" in html
    assert Partner.objects.filter(
        alliance=alliance, organisation=partner_request.organisation
    ).exists()


def test_declining_without_a_reason_keeps_the_card_with_the_error(
    client, sign_in, applicant
):
    alliance = AllianceFactory.create()
    partner_request = _request_for(alliance, applicant)
    sign_in(make_user(Role.ATS_OFFICER, ats=alliance.ats))
    url = _url("request-decline", partner_request.pk)
    field = f"request-{partner_request.pk}-reason"

    htmx = client.post(url, {field: " "}, headers={"HX-Request": "true"})
    plain = client.post(url, {field: ""})

    assert f'id="id_request-{partner_request.pk}-reason_error"' in htmx.content.decode()
    assert plain.status_code == HTTPStatus.BAD_REQUEST
    assert "Indicare la motivazione." in plain.content.decode()
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.REQUESTED


def test_the_lead_declines_with_a_reason(client, sign_in, applicant):
    alliance = AllianceFactory.create()
    partner_request = _request_for(alliance, applicant)
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead))

    response = client.post(
        _url("request-decline", partner_request.pk),
        {f"request-{partner_request.pk}-reason": "Partenariato al completo."},
    )

    assert response["Location"] == _url("request-detail", partner_request.pk)
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.DECLINED
    sign_in(applicant)
    detail = client.get(response["Location"]).content.decode()
    assert "Partenariato al completo." in detail
    assert "Non accolta" in detail


def test_the_requester_lists_and_withdraws(client, sign_in, applicant):
    alliance = AllianceFactory.create(name="Alleanza Est")
    partner_request = _request_for(alliance, applicant)
    _request_for(
        AllianceFactory.create(name="Alleanza di altri"),
        make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=OrganisationFactory.create()
        ),
    )
    sign_in(applicant)

    listing = client.get(_url("request-list")).content.decode()
    assert "Alleanza Est" in listing
    assert "Alleanza di altri" not in listing
    url = _url("request-withdraw", partner_request.pk)
    assert client.get(url).status_code == HTTPStatus.OK
    response = client.post(url)

    assert response.status_code == HTTPStatus.FOUND
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.WITHDRAWN


def test_someone_elses_scheda_is_not_found(client, sign_in, applicant):
    alliance = AllianceFactory.create()
    partner_request = _request_for(alliance, applicant)
    partner = OrganisationFactory.create()
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=partner))

    for name in ("request-detail", "request-withdraw"):
        assert client.get(_url(name, partner_request.pk)).status_code == 404
    assert client.post(_url("request-accept", partner_request.pk)).status_code == 404


def test_the_requester_may_not_decide_its_own_scheda(client, sign_in, applicant):
    alliance = AllianceFactory.create()
    partner_request = _request_for(alliance, applicant)
    sign_in(applicant)

    response = client.post(_url("request-accept", partner_request.pk))

    assert response.status_code == HTTPStatus.FORBIDDEN
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.REQUESTED


def test_the_queue_query_count_does_not_grow_with_the_requests(
    client, sign_in, django_assert_max_num_queries
):
    alliance = AllianceFactory.create()
    for _ in range(3):
        rep = make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=OrganisationFactory.create()
        )
        _request_for(alliance, rep)
    sign_in(make_user(Role.ATS_OFFICER, ats=alliance.ats))
    url = _url("alliance-request-queue", alliance.pk)
    client.get(url)

    with django_assert_max_num_queries(14):
        client.get(url)
    for _ in range(10):
        rep = make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=OrganisationFactory.create()
        )
        _request_for(alliance, rep)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count('class="card card-bg mb-4"') == 13
