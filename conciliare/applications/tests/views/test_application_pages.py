from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.models import Application, PartnerConfirmation
from conciliare.applications.services import application_create, application_rows_set
from conciliare.applications.tests.factories import budget_rows, make_team
from conciliare.calls.tests.factories import make_call
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _detail(application):
    return reverse("applications:application-detail", kwargs={"pk": application.pk})


def _create_url(call):
    return reverse("applications:application-create") + f"?call={call.pk}"


def test_anonymous_people_are_sent_to_the_login(client, draft):
    for url in (
        reverse("applications:application-list"),
        _detail(draft),
        reverse("applications:application-submit", kwargs={"pk": draft.pk}),
    ):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert "/account/login/" in response["Location"]


def test_my_applications_lists_the_drafts_and_the_open_calls(
    client, sign_in, draft, team, call
):
    # given another alliance led by the same organisation, without a draft
    other = make_team(ats=call.ats)
    other.alliance.lead = team.lead
    other.alliance.save()
    sign_in(team.lead_rep)

    # when
    response = client.get(reverse("applications:application-list"))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Tempi comuni" in html
    assert call.title in html
    assert _create_url(call).replace("&", "&amp;") in html
    assert "In compilazione" in html


def test_a_partner_representative_sees_the_draft_in_the_list(
    client, sign_in, draft, team
):
    sign_in(team.partner_rep)
    html = client.get(reverse("applications:application-list")).content.decode()
    assert "Tempi comuni" in html
    assert "Nessun avviso aperto" in html


def test_my_applications_costs_the_same_queries_for_more_applications(
    client, sign_in, django_assert_num_queries
):
    # given a lead body with one application, then with three
    team = make_team()
    calls = [make_call() for _ in range(3)]
    sign_in(team.lead_rep)
    application_create(
        actor=team.lead_rep, call=calls[0], alliance=team.alliance, title="Prima"
    )
    url = reverse("applications:application-list")
    client.get(url)  # warm the session and the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for call in calls[1:]:
        application_create(
            actor=team.lead_rep, call=call, alliance=team.alliance, title="Altra"
        )

    # then
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert response.content.decode().count("Altra</a></th>") == 2


def test_the_lead_starts_an_application_for_an_open_call(client, sign_in, team, call):
    sign_in(team.lead_rep)
    assert client.get(_create_url(call)).status_code == HTTPStatus.OK

    response = client.post(
        _create_url(call), {"alliance": str(team.alliance.pk), "title": "Tempi comuni"}
    )

    application = Application.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _detail(application)
    assert (application.alliance, application.call) == (team.alliance, call)


def test_a_second_application_of_the_alliance_is_refused_next_to_the_field(
    client, sign_in, draft, team, call
):
    sign_in(team.lead_rep)

    response = client.post(
        _create_url(call), {"alliance": str(team.alliance.pk), "title": "Di nuovo"}
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_alliance_error"' in html
    assert "ha già una domanda per questo avviso" in html
    assert Application.objects.count() == 1


def test_creating_without_a_call_an_unknown_or_a_closed_call(client, sign_in, team):
    sign_in(team.lead_rep)
    url = reverse("applications:application-create")

    assert client.get(url).status_code == HTTPStatus.BAD_REQUEST
    assert client.get(url + "?call=999999").status_code == HTTPStatus.NOT_FOUND
    draft_call = make_call(published=False)
    assert client.get(_create_url(draft_call)).status_code == HTTPStatus.NOT_FOUND

    closed = make_call()
    type(closed).objects.filter(pk=closed.pk).update(status="closed")
    response = client.post(
        _create_url(closed), {"alliance": str(team.alliance.pk), "title": "Tardi"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Questo avviso non accetta domande" in response.content.decode()
    assert not Application.objects.exists()


def test_only_alliances_of_the_calls_ats_are_offered(client, sign_in, team):
    sign_in(team.lead_rep)
    brescia = make_call(ats_slug="brescia")

    response = client.get(_create_url(brescia))

    assert "è riservato alle alleanze" in response.content.decode()


def test_the_detail_shows_the_checker_with_links_to_the_sections(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)

    response = client.get(_detail(draft))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Scrivere la sintesi del progetto." in html
    assert (
        "Manca l&#x27;allegato obbligatorio «Accordo di partenariato sottoscritto»."
        in html
    )
    assert (
        reverse(
            "applications:application-section",
            kwargs={"pk": draft.pk, "section": "budget"},
        )
        in html
    )
    assert reverse("applications:application-submit", kwargs={"pk": draft.pk}) in html


@pytest.mark.parametrize(
    "who", ["other_rep", "ats_officer", "other_ats_officer", "regional_officer"]
)
def test_a_draft_is_404_outside_the_alliance(client, sign_in, draft, who):
    if who == "other_rep":
        user = make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=OrganisationFactory.create()
        )
    elif who == "ats_officer":
        user = make_user(Role.ATS_OFFICER, ats=draft.ats)
    elif who == "other_ats_officer":
        user = make_user(Role.ATS_OFFICER, ats=ats("brescia"))
    else:
        user = make_user(Role.REGIONAL_OFFICER)
    sign_in(user)

    assert client.get(_detail(draft)).status_code == HTTPStatus.NOT_FOUND
    section = reverse(
        "applications:application-section",
        kwargs={"pk": draft.pk, "section": "generale"},
    )
    assert client.get(section).status_code == HTTPStatus.NOT_FOUND


def test_a_partner_reads_the_draft_and_confirms_its_contribution(
    client, sign_in, draft, team
):
    # given the draft gives the partner a budget line
    application_rows_set(
        actor=team.lead_rep,
        application=draft,
        version=draft.version,
        kind="budget_lines",
        rows=budget_rows(team),
    )
    sign_in(team.partner_rep)
    page = client.get(_detail(draft)).content.decode()
    assert "Conferma il tuo ruolo e contributo" in page
    assert "Da confermare" in page
    assert (
        reverse("applications:application-submit", kwargs={"pk": draft.pk}) not in page
    )

    # when
    response = client.post(
        reverse("applications:application-confirm", kwargs={"pk": draft.pk}),
        {"organisation": str(team.partners[0].pk), "note": "Va bene"},
    )

    # then
    assert response.status_code == HTTPStatus.FOUND
    confirmation = PartnerConfirmation.objects.get()
    assert confirmation.organisation == team.partners[0]
    assert "Confermata il" in client.get(_detail(draft)).content.decode()

    # and a later change of its figures makes the confirmation stale
    draft.refresh_from_db()
    application_rows_set(
        actor=team.lead_rep,
        application=draft,
        version=draft.version,
        kind="budget_lines",
        rows=budget_rows(team, cost="120000.00"),
    )
    assert "Da riconfermare" in client.get(_detail(draft)).content.decode()


def test_the_lead_cannot_confirm_as_a_partner(client, sign_in, draft, team):
    sign_in(team.lead_rep)
    response = client.post(
        reverse("applications:application-confirm", kwargs={"pk": draft.pk}),
        {"organisation": str(team.lead.pk)},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
