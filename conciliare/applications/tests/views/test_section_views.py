from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conciliare.applications.models import Application, ApplicationAttachment
from conciliare.applications.services import application_update
from conciliare.applications.tests.factories import day, pdf_file

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _url(application, section):
    return reverse(
        "applications:application-section",
        kwargs={"pk": application.pk, "section": section},
    )


def _general(application, **overrides):
    area = application.call.areas.order_by("number").first()
    data = {
        "version": str(application.version),
        "title": "Tempi comuni per le famiglie",
        "summary": "Servizi salva-tempo.",
        "objectives": "Meno tempo perso.",
        "areas": [str(area.pk)],
        "starts_on": day(60).isoformat(),
        "ends_on": day(400).isoformat(),
    }
    data.update(overrides)
    return data


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _budget_post(application, team, *, cost0, grant0, cost1, grant1):
    data = {"version": str(application.version), **_management("budget_lines", 2)}
    for index, (organisation, cost, grant) in enumerate(
        [(team.lead, cost0, grant0), (team.partners[0], cost1, grant1)]
    ):
        data.update(
            {
                f"budget_lines-{index}-organisation": str(organisation.pk),
                f"budget_lines-{index}-category": "personnel",
                f"budget_lines-{index}-description": "Sportello",
                f"budget_lines-{index}-cost": cost,
                f"budget_lines-{index}-grant_requested": grant,
                f"budget_lines-{index}-cofinancing_source": "own",
            }
        )
    return data


def test_the_general_section_shows_the_draft_with_its_version(
    client, sign_in, draft, team
):
    # given
    sign_in(team.lead_rep)

    # when
    response = client.get(_url(draft, "generale"))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'name="version"' in html
    assert f'value="{draft.version}"' in html
    assert 'hx-post="' in html
    assert "Scrivere la sintesi del progetto." in html  # this section's checker


def test_saving_the_general_section_without_javascript_redirects(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)

    response = client.post(_url(draft, "generale"), _general(draft))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _url(draft, "generale")
    draft.refresh_from_db()
    assert draft.title == "Tempi comuni per le famiglie"
    assert draft.version == 2
    assert draft.areas.count() == 1


def test_autosave_answers_the_status_partial_and_bumps_the_version(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)

    # (htmx sends the last focused button's value with the form's own saves)
    response = client.post(
        _url(draft, "generale"),
        {**_general(draft), "save": "1"},
        headers={**HTMX, "HX-Trigger": "section-form"},
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in html
    assert "Salvato alle" in html
    assert 'id="draft-version" value="2" hx-swap-oob="true"' in html
    draft.refresh_from_db()
    assert (draft.version, draft.summary) == (2, "Servizi salva-tempo.")


def test_autosave_of_bad_input_saves_nothing_and_puts_errors_next_to_fields(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)

    response = client.post(
        _url(draft, "generale"),
        _general(draft, title="", starts_on=day(90).isoformat(), ends_on="2020-13-45"),
        headers=HTMX,
    )

    html = response.content.decode()
    assert "Modifiche non salvate" in html
    assert 'id="id_title_errors" hx-swap-oob="true"' in html
    assert "Questo campo è obbligatorio." in html
    assert 'id="id_ends_on_error"' in html
    draft.refresh_from_db()
    assert (draft.version, draft.title) == (1, "Tempi comuni")


def test_service_errors_are_shown_next_to_the_field(client, sign_in, draft, team):
    sign_in(team.lead_rep)

    response = client.post(
        _url(draft, "generale"),
        _general(draft, starts_on=day(90).isoformat(), ends_on=day(80).isoformat()),
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert '<div id="id_ends_on_errors"><div class="invalid-feedback d-block"' in html
    assert "La fine delle attività non può precedere l&#x27;inizio." in html
    draft.refresh_from_db()
    assert draft.version == 1


def test_a_stale_version_keeps_what_was_typed_and_says_who_saved(
    client, sign_in, draft, team, call
):
    # given someone else saved after the page was opened
    from conciliare.accounts.models import Role
    from conciliare.accounts.tests.factories import make_user

    colleague = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=team.lead)
    application_update(
        actor=colleague, application=draft, version=1, data={"summary": "Altro"}
    )
    sign_in(team.lead_rep)

    # when the page opened at version 1 is saved
    response = client.post(
        _url(draft, "generale"), _general(draft, version="1", summary="Il mio testo")
    )

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "ha salvato questa domanda alle" in html
    assert html.index("ha salvato questa domanda") < html.index('id="id_summary"')
    assert "Il mio testo</textarea>" in html
    draft.refresh_from_db()
    assert draft.summary == "Altro"


def test_a_stale_autosave_shows_the_message_and_keeps_the_old_version(
    client, sign_in, draft, team
):
    application_update(
        actor=team.lead_rep, application=draft, version=1, data={"summary": "Prima"}
    )
    sign_in(team.lead_rep)

    response = client.post(
        _url(draft, "generale"), _general(draft, version="1"), headers=HTMX
    )

    html = response.content.decode()
    assert 'role="alert"' in html
    assert "ha salvato questa domanda" in html
    assert 'id="draft-version" value="1"' in html


def test_actions_are_saved_with_a_partner_as_responsible(client, sign_in, draft, team):
    sign_in(team.lead_rep)
    data = {
        "version": "1",
        **_management("actions", 1),
        "actions-0-title": "Sportello",
        "actions-0-responsible": str(team.partners[1].pk),
        "actions-0-starts_on": day(60).isoformat(),
        "actions-0-ends_on": day(200).isoformat(),
        "actions-0-description": "",
    }

    response = client.post(_url(draft, "azioni"), data)

    assert response.status_code == HTTPStatus.FOUND
    action = draft.actions.get()
    assert (action.title, action.responsible) == ("Sportello", team.partners[1])


def test_an_empty_extra_row_is_ignored_and_a_marked_row_deleted(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)
    row = {
        "title": "Sportello",
        "responsible": str(team.lead.pk),
        "starts_on": day(60).isoformat(),
        "ends_on": day(200).isoformat(),
    }
    data = {"version": "1", **_management("actions", 2)}
    data.update({f"actions-0-{k}": v for k, v in row.items()})
    client.post(_url(draft, "azioni"), data)
    assert draft.actions.count() == 1

    data = {"version": "2", **_management("actions", 2, initial=1)}
    data.update({f"actions-0-{k}": v for k, v in row.items()})
    data["actions-0-DELETE"] = "on"
    response = client.post(_url(draft, "azioni"), data)

    assert response.status_code == HTTPStatus.FOUND
    assert draft.actions.count() == 0


def test_row_errors_from_the_service_are_shown_next_to_the_row_field(
    client, sign_in, draft, team
):
    # given an organisation outside the alliance: the form refuses it
    sign_in(team.lead_rep)
    data = {
        "version": "1",
        **_management("budget_lines", 1),
        "budget_lines-0-organisation": str(team.lead.pk),
        "budget_lines-0-category": "personnel",
        "budget_lines-0-cost": "1.000,00",
        "budget_lines-0-grant_requested": "2.000,00",
        "budget_lines-0-cofinancing_source": "",
    }

    response = client.post(_url(draft, "budget"), data, headers=HTMX)

    html = response.content.decode()
    assert 'id="id_budget_lines-0-grant_requested_errors" hx-swap-oob="true"' in html
    assert "Il contributo richiesto non può superare il costo della voce." in html
    assert not draft.budget_lines.exists()


def test_target_groups_and_indicators_are_saved_together_or_not_at_all(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)
    data = {
        "version": "1",
        **_management("target_groups", 2),
        **_management("indicators", 1),
        "target_groups-0-kind": "workers",
        "target_groups-0-expected_beneficiaries": "100",
        "target_groups-1-kind": "workers",
        "target_groups-1-expected_beneficiaries": "20",
        "indicators-0-name": "Lavoratori raggiunti",
        "indicators-0-unit": "persone",
        "indicators-0-baseline": "0",
        "indicators-0-target": "120",
    }

    response = client.post(_url(draft, "destinatari"), data)

    # the duplicate kind refuses both
    assert response.status_code == HTTPStatus.OK
    assert "già indicato in un&#x27;altra riga" in response.content.decode()
    assert not draft.target_groups.exists()
    assert not draft.indicators.exists()
    draft.refresh_from_db()
    assert draft.version == 1

    data["target_groups-1-kind"] = "families"
    response = client.post(_url(draft, "destinatari"), data)
    assert response.status_code == HTTPStatus.FOUND
    assert draft.target_groups.count() == 2
    assert draft.indicators.get().target == 120
    draft.refresh_from_db()
    assert draft.version == 2  # one save of the page, one new version


def test_budget_autosave_updates_totals_and_cofinancing_share(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)

    response = client.post(
        _url(draft, "budget"),
        _budget_post(
            draft,
            team,
            cost0="40.000,00",
            grant0="40.000,00",
            cost1="40.000",
            grant1="20.000",
        ),
        headers=HTMX,
    )

    html = response.content.decode()
    assert "Salvato alle" in html
    assert (
        'id="budget-totals" class="mb-4" aria-labelledby="budget-totals-title" hx-swap-oob="true"'
        in html
    )
    assert "€ 80.000,00" in html
    assert "25,00%" in html
    assert "Il cofinanziamento dei partner è il 25,00% del costo totale" in html
    line = draft.budget_lines.get(organisation=team.partners[0])
    assert line.cofinancing == 20000


def test_a_partner_representative_cannot_open_a_section(client, sign_in, draft, team):
    sign_in(team.partner_rep)

    assert client.get(_url(draft, "generale")).status_code == HTTPStatus.FORBIDDEN
    response = client.post(_url(draft, "generale"), _general(draft))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_an_unknown_section_is_404(client, sign_in, draft, team):
    sign_in(team.lead_rep)
    assert client.get(_url(draft, "segreto")).status_code == HTTPStatus.NOT_FOUND


def test_required_attachments_are_uploaded_one_by_one(
    client, sign_in, draft, team, call
):
    sign_in(team.lead_rep)
    requirement = call.required_attachments.order_by("position").first()

    response = client.post(
        _url(draft, "allegati"),
        {"requirement": str(requirement.pk), f"req-{requirement.pk}-file": pdf_file()},
    )

    assert response.status_code == HTTPStatus.FOUND
    attachment = ApplicationAttachment.objects.get(application=draft)
    assert attachment.requirement == requirement
    page = client.get(_url(draft, "allegati")).content.decode()
    assert "accordo.pdf" in page
    assert attachment.document.sha256[:12] in page


def test_a_refused_upload_shows_the_error_next_to_the_file(
    client, sign_in, draft, team, call
):
    sign_in(team.lead_rep)
    requirement = call.required_attachments.order_by("position").first()
    fake = SimpleUploadedFile(
        "accordo.pdf", b"not a pdf", content_type="application/pdf"
    )

    response = client.post(
        _url(draft, "allegati"),
        {"requirement": str(requirement.pk), f"req-{requirement.pk}-file": fake},
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert f'id="id_req-{requirement.pk}-file_error"' in html
    assert not ApplicationAttachment.objects.exists()


def test_a_further_document_needs_a_title_and_can_be_removed(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)
    response = client.post(
        _url(draft, "allegati"), {"requirement": "other", "other-file": pdf_file()}
    )
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_other-title_error"' in response.content.decode()

    client.post(
        _url(draft, "allegati"),
        {"requirement": "other", "other-file": pdf_file(), "other-title": "Lettera"},
    )
    attachment = ApplicationAttachment.objects.get()
    response = client.post(
        reverse(
            "applications:application-attachment-remove",
            kwargs={"pk": draft.pk, "attachment_pk": attachment.pk},
        )
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not ApplicationAttachment.objects.exists()


def test_after_the_deadline_a_save_is_refused_with_the_reason(
    client, sign_in, draft, team, call
):
    sign_in(team.lead_rep)
    type(call).objects.filter(pk=call.pk).update(
        opens_at=call.opens_at - timedelta(days=40),
        closes_at=call.opens_at - timedelta(days=1),
    )

    response = client.post(_url(draft, "generale"), _general(draft))

    assert "L&#x27;avviso è scaduto" in response.content.decode()
    assert Application.objects.get().version == 1


def test_the_save_button_through_htmx_redirects_the_browser(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)

    response = client.post(
        _url(draft, "generale"),
        {**_general(draft), "save": "1"},
        headers={**HTMX, "HX-Trigger": "save-button"},
    )

    assert response.status_code == HTTPStatus.OK
    assert response["HX-Redirect"] == _url(draft, "generale")
    draft.refresh_from_db()
    assert draft.version == 2
