from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.tests.factories import upload
from conciliare.partnerships.models import Alliance, Partner, PartnerRole
from conciliare.partnerships.tests.factories import AllianceFactory, PartnerFactory
from conciliare.registry.models import SizeClass, Typology
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import Ambito, ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"alliances-manage:{name}", args=args)


def _alliance_post(**overrides):
    data = {
        "name": "Alleanza Nord Milano",
        "description": "Servizi per le famiglie.",
        "periods": [str(ProgrammingPeriod.objects.get(slug="2020-2023").pk)],
        "contact_name": "Luca Bianchi",
        "contact_email": "luca@example.org",
        "is_open_to_partners": "on",
    }
    data.update(overrides)
    return data


def test_my_alliances_lists_those_the_representative_leads(client, sign_in):
    # given
    led = AllianceFactory.create(name="Alleanza guidata")
    partner_of = AllianceFactory.create(name="Alleanza partecipata")
    rep = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=led.lead)
    PartnerFactory.create(alliance=partner_of, organisation=led.lead)
    sign_in(rep)

    # when
    response = client.get(_url("alliance-list"))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Alleanza guidata" in html
    assert "Alleanza partecipata" not in html
    assert _url("alliance-create") in html


def test_a_representative_creates_an_alliance_it_leads(client, sign_in):
    # given
    lead = OrganisationFactory.create(legal_name="Comune di Magnago")
    rep = sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=lead))
    ambito = Ambito.objects.filter(ats=ats("milano"))[0]

    # when
    response = client.post(
        _url("alliance-create"),
        _alliance_post(
            ats=str(ats("milano").pk), lead=str(lead.pk), ambiti=[str(ambito.pk)]
        ),
    )

    # then
    alliance = Alliance.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _url("alliance-manage", alliance.pk)
    assert (alliance.lead, alliance.ats.slug) == (lead, "milano")
    assert alliance.partners.get().role == PartnerRole.LEAD
    assert rep.has_perm("partnerships.manage_alliance", alliance)


def test_an_officer_names_the_lead_by_tax_code(client, sign_in):
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    lead = OrganisationFactory.create()

    response = client.post(
        _url("alliance-create"),
        _alliance_post(ats=str(ats("milano").pk), lead=lead.tax_code),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Alliance.objects.get().lead == lead


def test_bad_input_is_shown_next_to_the_fields_and_kept(client, sign_in):
    # given a name already used in the ATS and an unknown tax code
    AllianceFactory.create(name="Alleanza Nord Milano")
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))

    # when
    response = client.post(
        _url("alliance-create"),
        _alliance_post(ats=str(ats("milano").pk), lead="00743110157", periods=[]),
    )

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Nessun ente registrato con questo codice fiscale" in html
    assert "Indicare almeno un periodo di programmazione." in html
    assert 'value="Alleanza Nord Milano"' in html
    assert 'value="00743110157"' in html
    assert Alliance.objects.count() == 1


def test_a_taken_name_is_refused_next_to_the_name(client, sign_in):
    AllianceFactory.create(name="Alleanza Nord Milano")
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))

    response = client.post(
        _url("alliance-create"),
        _alliance_post(
            ats=str(ats("milano").pk), lead=OrganisationFactory.create().tax_code
        ),
    )

    html = response.content.decode()
    assert 'id="id_name_error"' in html
    assert "Esiste già un&#x27;alleanza con questo nome" in html
    assert Alliance.objects.count() == 1


def test_choosing_the_ats_reloads_its_ambiti_through_htmx(client, sign_in):
    sign_in(make_user(Role.REGIONAL_OFFICER))
    brescia = ats("brescia")

    response = client.get(
        _url("alliance-create"), {"ats": brescia.pk}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<fieldset class="mb-4" id="ambiti-field">')
    assert Ambito.objects.filter(ats=brescia)[0].name in html
    assert Ambito.objects.filter(ats=ats("milano"))[0].name not in html


def test_the_manage_page_shows_partners_and_the_composition_check(client, sign_in):
    # given a non-profit lead and one small firm: 2 of 4, no public body
    alliance = AllianceFactory.create(lead__typology=Typology.PRIVATE_NONPROFIT)
    PartnerFactory.create(
        alliance=alliance,
        organisation=OrganisationFactory.create(
            typology=Typology.PRIVATE_COMPANY,
            size_class=SizeClass.MICRO,
            legal_name="Forneria Rossi",
        ),
        technical_contribution="Spazi per il doposcuola",
    )
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead))

    # when
    response = client.get(_url("alliance-manage", alliance.pk))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Forneria Rossi" in html
    assert "Spazi per il doposcuola" in html
    assert "Servono almeno 4 enti nel partenariato: ce ne sono 2." in html
    assert "Serve almeno 1 ente pubblico nel partenariato: ce ne sono 0." in html
    assert (
        "Servono almeno 2 micro o piccole imprese nel partenariato: ce n&#x27;è 1."
        in html
    )


def test_a_complying_alliance_is_shown_as_such(client, sign_in):
    alliance = AllianceFactory.create(lead__typology=Typology.PUBLIC_BODY)
    for _ in range(3):
        PartnerFactory.create(
            alliance=alliance, organisation__typology=Typology.PRIVATE_COMPANY
        )
    sign_in(make_user(Role.ATS_OFFICER, ats=alliance.ats))

    response = client.get(_url("alliance-manage", alliance.pk))

    assert "Conforme alle regole del periodo." in response.content.decode()


def test_the_manage_page_query_count_does_not_grow_with_the_partners(
    client, sign_in, django_assert_num_queries
):
    # given
    alliance = AllianceFactory.create()
    alliance.periods.add(ProgrammingPeriod.objects.get(slug="2025-2027"))
    PartnerFactory.create(alliance=alliance)
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead))
    url = _url("alliance-manage", alliance.pk)
    client.get(url)  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    # when the alliance grows
    for _ in range(12):
        PartnerFactory.create(alliance=alliance)
    ended = PartnerFactory.create(alliance=alliance)
    ended.joined_on = timezone.localdate() - timedelta(days=5)
    ended.left_on = timezone.localdate()
    ended.save()

    # then
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr") == 16  # header + 15 partners


def test_a_partner_is_added_by_tax_code(client, sign_in):
    alliance = AllianceFactory.create()
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead))
    organisation = OrganisationFactory.create()

    response = client.post(
        _url("partner-add", alliance.pk),
        {
            "organisation": f" {organisation.tax_code} ",
            "joined_on": timezone.localdate().isoformat(),
            "technical_contribution": "Sportello",
            "economic_contribution": "1.500,50",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    partner = alliance.partners.get(organisation=organisation)
    assert str(partner.economic_contribution) == "1500.50"


def test_adding_a_current_partner_again_says_so_next_to_the_tax_code(client, sign_in):
    alliance = AllianceFactory.create()
    sign_in(make_user(Role.ATS_OFFICER, ats=alliance.ats))

    response = client.post(
        _url("partner-add", alliance.pk),
        {
            "organisation": alliance.lead.tax_code,
            "joined_on": timezone.localdate().isoformat(),
            "technical_contribution": "Sportello",
        },
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_organisation_error"' in html
    assert "è già partner di questa alleanza" in html
    assert "Sportello" in html
    assert alliance.partners.count() == 1


def test_a_negative_or_unreadable_amount_is_refused(client, sign_in):
    alliance = AllianceFactory.create()
    sign_in(make_user(Role.ATS_OFFICER, ats=alliance.ats))
    url = _url("partner-add", alliance.pk)
    data = {
        "organisation": OrganisationFactory.create().tax_code,
        "joined_on": timezone.localdate().isoformat(),
    }

    negative = client.post(url, {**data, "economic_contribution": "-3"})
    unreadable = client.post(url, {**data, "economic_contribution": "mille"})

    assert "L&#x27;importo non può essere negativo." in negative.content.decode()
    assert "Indicare un importo in euro" in unreadable.content.decode()
    assert alliance.partners.count() == 1


def test_the_contribution_is_edited(client, sign_in):
    alliance = AllianceFactory.create()
    partner = PartnerFactory.create(alliance=alliance)
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead))
    url = _url("partner-update", alliance.pk, partner.pk)
    assert partner.technical_contribution in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "joined_on": partner.joined_on.isoformat(),
            "technical_contribution": "",
            "content_contribution": "Formazione",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    partner.refresh_from_db()
    assert (partner.technical_contribution, partner.content_contribution) == (
        "",
        "Formazione",
    )


def test_the_lead_leaving_is_refused_with_a_message_next_to_the_date(client, sign_in):
    alliance = AllianceFactory.create()
    lead = alliance.partners.get()
    sign_in(make_user(Role.ATS_OFFICER, ats=alliance.ats))

    response = client.post(
        _url("partner-end", alliance.pk, lead.pk),
        {"left_on": timezone.localdate().isoformat()},
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_left_on_error"' in html
    assert "indicare prima un nuovo capofila" in html
    lead.refresh_from_db()
    assert lead.left_on is None


def test_a_partner_leaves_through_the_page(client, sign_in):
    alliance = AllianceFactory.create()
    partner = PartnerFactory.create(alliance=alliance)
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead))
    url = _url("partner-end", alliance.pk, partner.pk)
    assert client.get(url).status_code == HTTPStatus.OK

    response = client.post(url, {"left_on": timezone.localdate().isoformat()})

    assert response.status_code == HTTPStatus.FOUND
    partner.refresh_from_db()
    assert partner.left_on == timezone.localdate()


def test_the_lead_changes_through_the_page(client, sign_in):
    alliance = AllianceFactory.create()
    partner = PartnerFactory.create(alliance=alliance)
    former = sign_in(
        make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead)
    )

    response = client.post(
        _url("alliance-lead-change", alliance.pk), {"partner": str(partner.pk)}
    )

    # the former lead's representative no longer runs it: back to the list
    assert response["Location"] == _url("alliance-list")
    alliance.refresh_from_db()
    assert alliance.lead == partner.organisation
    assert not former.has_perm("partnerships.manage_alliance", alliance)


def test_the_agreement_is_uploaded(client, sign_in):
    alliance = AllianceFactory.create()
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead))

    response = client.post(
        _url("alliance-document-attach", alliance.pk),
        {
            "file": upload("accordo.pdf"),
            "title": "Accordo di partenariato",
            "kind": DocumentKind.AGREEMENT,
            "valid_from": "2020-03-02",
            "valid_until": "2023-05-31",
            "is_public": "on",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    alliance.refresh_from_db()
    assert alliance.agreement is not None
    assert alliance.agreement.title == "Accordo di partenariato"
    page = client.get(_url("alliance-manage", alliance.pk)).content.decode()
    assert "Accordo di partenariato" in page


def test_a_bad_upload_is_refused_next_to_the_file(client, sign_in):
    alliance = AllianceFactory.create()
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead))

    response = client.post(
        _url("alliance-document-attach", alliance.pk),
        {
            "file": upload("accordo.pdf", b"plain text, not a pdf"),
            "title": "Accordo",
            "kind": DocumentKind.AGREEMENT,
            "valid_from": "2020-03-02",
            "valid_until": "2019-01-01",
        },
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_file_error"' in html
    assert 'id="id_valid_until_error"' in html
    assert 'value="Accordo"' in html
    assert not Document.objects.exists()


def test_the_data_are_edited(client, sign_in):
    alliance = AllianceFactory.create()
    sign_in(make_user(Role.REGIONAL_OFFICER))
    url = _url("alliance-update", alliance.pk)
    assert alliance.name in client.get(url).content.decode()

    response = client.post(
        url,
        _alliance_post(name="Nuovo nome", website="alleanza.example.org"),
    )

    assert response.status_code == HTTPStatus.FOUND
    alliance.refresh_from_db()
    assert (alliance.name, alliance.website) == (
        "Nuovo nome",
        "https://alleanza.example.org",
    )


def test_a_partner_representative_may_not_open_the_manage_pages(client, sign_in):
    alliance = AllianceFactory.create()
    partner = PartnerFactory.create(alliance=alliance)
    sign_in(
        make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=partner.organisation)
    )

    for url in (
        _url("alliance-manage", alliance.pk),
        _url("alliance-update", alliance.pk),
        _url("partner-add", alliance.pk),
        _url("partner-end", alliance.pk, partner.pk),
        _url("alliance-document-attach", alliance.pk),
        _url("alliance-request-queue", alliance.pk),
    ):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, url
    assert Partner.objects.filter(alliance=alliance).count() == 2
