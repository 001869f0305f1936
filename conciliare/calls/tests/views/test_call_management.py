"""The reserved pages of the calls: drafting, rows, publishing, amending."""

from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.calls.models import Call, CallAmendment, CallStatus
from conciliare.calls.tests.factories import make_call, make_guidance
from conciliare.registry.models import Typology
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import InterventionArea

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"calls-manage:{name}", args=args)


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _call_post(**overrides):
    """What the browser sends for a valid call of ATS Milano, 2020-2023."""
    now = timezone.now()
    areas = InterventionArea.objects.filter(period__slug="2020-2023")
    data = {
        "ats": str(ats("milano").pk),
        "title": "Avviso per i progetti delle alleanze locali",
        "description": "Manifestazione di interesse.",
        "guidance": str(make_guidance().pk),
        "act_number": "486",
        "act_date": timezone.localdate().isoformat(),
        "total_budget": "337.126,00",
        "system_action_share": "20,00",
        "opens_at": _local(now + timedelta(days=1)),
        "closes_at": _local(now + timedelta(days=40)),
        "areas": [str(area.pk) for area in areas[:3]],
        "min_cofinancing_share": "30",
        "min_grant": "0",
        "max_grant": "50.000,00",
        "activities_end_by": (timezone.localdate() + timedelta(days=700)).isoformat(),
        "min_score": "60",
        "lead_typologies": [Typology.PUBLIC_BODY, Typology.PRIVATE_NONPROFIT],
        "min_partners": "4",
        "min_public_partners": "1",
        "min_small_firms": "2",
    }
    data.update(overrides)
    return data


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("call-list", ()),
        ("call-create", ()),
        ("call-manage", (1,)),
        ("call-edit", (1,)),
        ("call-criteria", (1,)),
        ("call-attachments", (1,)),
        ("call-amend", (1,)),
        ("guidance-list", ()),
        ("guidance-create", ()),
        ("guidance-edit", (1,)),
        ("guidance-adopt", (1,)),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login(client, name, args):
    response = client.get(_url(name, *args))
    assert response.status_code == HTTPStatus.FOUND
    assert "/account/login/" in response["Location"]


def test_an_officer_lists_the_calls_of_the_ats(client, sign_in):
    # given
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    mine = make_call(published=False, title="Bozza di Milano")
    other = make_call(ats_slug="brescia", title="Avviso di Brescia")

    # when
    response = client.get(_url("call-list"))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert officer.has_perm("calls.add_call")
    assert mine.title in html
    assert "In preparazione" in html
    assert other.title not in html
    assert _url("call-create") in html


def test_the_reserved_list_is_refused_to_representatives(client, sign_in):
    organisation = OrganisationFactory.create()
    sign_in(make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=organisation))
    assert client.get(_url("call-list")).status_code == HTTPStatus.FORBIDDEN


def test_creating_starts_from_the_period_then_shows_the_defaults(client, sign_in):
    # given
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))

    # when
    chooser = client.get(_url("call-create"))
    form = client.get(_url("call-create"), {"period": "2020-2023"})

    # then
    assert f"{_url('call-create')}?period=2020-2023" in chooser.content.decode()
    html = form.content.decode()
    assert form.status_code == HTTPStatus.OK
    assert 'name="system_action_share" value="20,00"' in html
    assert 'name="min_cofinancing_share" value="30,00"' in html
    assert 'name="max_grant" value="50000,00"' in html
    # the period's 31/05/2023 has passed: no default end of activities
    assert 'name="activities_end_by" value=' not in html
    assert 'name="min_partners" value="4"' in html
    assert html.count('name="areas"') == 6
    assert html.count('name="areas" value') == 6
    assert html.count("checked") == 6 + 3  # the areas, the default leads
    assert 'type="datetime-local"' in html


def test_an_unknown_period_shows_the_choice_again(client, sign_in):
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    response = client.get(_url("call-create"), {"period": "2099"})
    assert response.status_code == HTTPStatus.OK
    assert "Il periodo indicato non esiste" in response.content.decode()


def test_an_officer_creates_a_call(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))

    response = client.post(f"{_url('call-create')}?period=2020-2023", _call_post())

    call = Call.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == _url("call-manage", call.pk)
    assert call.created_by == officer
    assert call.status == CallStatus.DRAFT
    assert call.total_budget == Decimal("337126.00")
    assert call.projects_budget == Decimal("269700.80")
    assert call.max_grant == Decimal("50000.00")
    assert call.areas.count() == 3
    assert call.composition_rules.lead_typologies == [
        Typology.PUBLIC_BODY,
        Typology.PRIVATE_NONPROFIT,
    ]
    assert (
        timezone.localtime(call.closes_at).strftime("%Y-%m-%dT%H:%M")
        == (_call_post()["closes_at"])
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"total_budget": "tanti"}, "total_budget", "Indicare un importo in euro"),
        ({"system_action_share": "120"}, "system_action_share", "non può superare 100"),
        ({"areas": []}, "areas", "Indicare almeno un&#x27;area di intervento."),
        ({"lead_typologies": []}, "lead_typologies", "Indicare almeno una tipologia"),
        ({"opens_at": "ieri"}, "opens_at", ""),
        (
            {"closes_at": _local(timezone.now() - timedelta(days=3))},
            "closes_at",
            "La scadenza deve essere successiva all&#x27;apertura.",
        ),
        (
            {"max_grant": "900.000,00"},
            "max_grant",
            "Il contributo massimo supera la quota",
        ),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    client, sign_in, overrides, field, message
):
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))

    response = client.post(
        f"{_url('call-create')}?period=2020-2023", _call_post(**overrides)
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Call.objects.exists()
    assert 'value="Avviso per i progetti delle alleanze locali"' in html


def test_a_committee_member_cannot_create_calls(client, sign_in):
    sign_in(make_user(Role.COMMITTEE_MEMBER, ats=ats("milano")))
    response = client.get(_url("call-create"), {"period": "2020-2023"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_another_ats_officer_never_sees_a_draft_and_cannot_manage_a_call(
    client, sign_in
):
    draft = make_call(published=False)
    published = make_call()
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("brescia")))

    for name in ("call-manage", "call-edit", "call-criteria", "call-attachments"):
        assert client.get(_url(name, draft.pk)).status_code == HTTPStatus.NOT_FOUND
    assert client.post(_url("call-publish", draft.pk)).status_code == 404
    assert client.get(_url("call-manage", published.pk)).status_code == 403
    assert client.get(_url("call-amend", published.pk)).status_code == 403


def test_the_manage_page_lists_what_blocks_publication(client, sign_in):
    # given a draft without act and with a draft DTI
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(published=False, officer=officer, act_number="")

    # when
    response = client.get(_url("call-manage", call.pk))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="publish-blockers"' in html
    assert "Indicare numero e data dell&#x27;atto che approva l&#x27;avviso." in html
    for name in ("call-edit", "call-criteria", "call-attachments", "call-publish"):
        assert _url(name, call.pk) in html
    assert _url("call-amend", call.pk) not in html
    assert "Registro eventi" in html
    assert "call.create" in html
    assert f"/area-riservata/avvisi/{call.pk}/domande/" in html


def test_publishing_with_blockers_tells_them_and_keeps_the_draft(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(published=False, officer=officer, act_number="")

    response = client.post(_url("call-publish", call.pk))

    call.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert call.status == CallStatus.DRAFT
    [message] = _messages(response)
    assert "Indicare numero e data dell'atto" in message


def test_publishing_a_ready_call(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(published=False, officer=officer)

    response = client.post(_url("call-publish", call.pk))

    call.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert call.status == CallStatus.PUBLISHED
    assert client.get(_url("call-publish", call.pk)).status_code == 405
    page = client.get(_url("call-manage", call.pk)).content.decode()
    assert _url("call-amend", call.pk) in page
    assert _url("call-edit", call.pk) not in page


def test_a_regional_officer_reads_but_does_not_change(client, sign_in):
    call = make_call(published=False)
    sign_in(make_user(Role.REGIONAL_OFFICER))

    page = client.get(_url("call-manage", call.pk))

    assert page.status_code == HTTPStatus.OK
    assert _url("call-edit", call.pk) not in page.content.decode()
    assert client.get(_url("call-edit", call.pk)).status_code == 403
    assert client.post(_url("call-publish", call.pk)).status_code == 403


def test_editing_a_draft(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(published=False, officer=officer)
    form = client.get(_url("call-edit", call.pk)).content.decode()
    assert f'value="{call.title}"' in form
    data = _call_post(title="Avviso rivisto", max_grant="40.000")
    del data["ats"]

    response = client.post(_url("call-edit", call.pk), data)

    call.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert (call.title, call.max_grant) == ("Avviso rivisto", Decimal("40000.00"))


def test_a_published_call_is_not_edited(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(officer=officer)
    assert client.get(_url("call-edit", call.pk)).status_code == 403


def _rows(prefix, rows, **extra):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    data.update(extra)
    return data


def test_the_criteria_are_edited_added_and_deleted(client, sign_in):
    # given the five default criteria
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(published=False, officer=officer)
    page = client.get(_url("call-criteria", call.pk)).content.decode()
    assert page.count('class="mb-4 border-bottom pb-2 criterion-row"') == 6
    rows = [
        {
            "name": c.name,
            "description": c.description,
            "max_points": "25",
            "weight": "1",
        }
        for c in call.criteria.all()
    ]
    rows[0]["max_points"] = "30,5"
    rows[1]["DELETE"] = "on"
    rows.append({"name": "Impatto sui lavoratori", "max_points": "10", "weight": "1,5"})

    # when
    response = client.post(_url("call-criteria", call.pk), _rows("criteria", rows))

    # then
    assert response.status_code == HTTPStatus.FOUND
    criteria = list(call.criteria.all())
    assert len(criteria) == 5
    assert criteria[0].max_points == Decimal("30.50")
    assert criteria[-1].name == "Impatto sui lavoratori"
    assert criteria[-1].weight == Decimal("1.50")


def test_adding_a_row_shows_one_more_blank_row_without_errors(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(published=False, officer=officer)
    rows = [{"name": "Qualità", "max_points": "50", "weight": "1"}]

    response = client.post(
        _url("call-criteria", call.pk), _rows("criteria", rows, add_row="1")
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.count("criterion-row") == 2
    assert "Le righe contengono errori" not in html
    assert call.criteria.count() == 5  # nothing saved yet


def test_bad_criteria_are_shown_and_nothing_is_saved(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(published=False, officer=officer)
    rows = [{"name": "Qualità", "max_points": "0", "weight": "1"}]

    response = client.post(_url("call-criteria", call.pk), _rows("criteria", rows))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Il punteggio massimo deve essere maggiore di zero." in html
    assert call.criteria.count() == 5


def test_deleting_every_criterion_is_refused(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(published=False, officer=officer)
    rows = [{"name": "Qualità", "max_points": "10", "weight": "1", "DELETE": "on"}]

    response = client.post(_url("call-criteria", call.pk), _rows("criteria", rows))

    assert "L&#x27;avviso deve avere almeno un criterio." in response.content.decode()
    assert call.criteria.count() == 5


def test_the_required_attachments_are_replaced(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(published=False, officer=officer)
    rows = [
        {"name": "Accordo di partenariato", "is_mandatory": "on"},
        {"name": "Curriculum del capofila"},
    ]

    response = client.post(
        _url("call-attachments", call.pk), _rows("attachments", rows)
    )

    assert response.status_code == HTTPStatus.FOUND
    assert [(a.name, a.is_mandatory) for a in call.required_attachments.all()] == [
        ("Accordo di partenariato", True),
        ("Curriculum del capofila", False),
    ]


def _amend_post(call, **overrides):
    data = {
        "title": call.title,
        "description": call.description,
        "closes_at": _local(call.closes_at),
        "min_grant": str(call.min_grant),
        "max_grant": str(call.max_grant),
        "min_cofinancing_share": str(call.min_cofinancing_share),
        "activities_end_by": call.activities_end_by.isoformat(),
        "areas": [str(area.pk) for area in call.areas.all()],
        "reason": "Aumento del contributo massimo.",
    }
    data.update(overrides)
    return data


def test_an_amendment_records_only_what_changed_and_why(client, sign_in):
    # given
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(officer=officer)
    assert client.get(_url("call-amend", call.pk)).status_code == HTTPStatus.OK

    # when
    response = client.post(
        _url("call-amend", call.pk), _amend_post(call, max_grant="60.000,00")
    )

    # then
    assert response.status_code == HTTPStatus.FOUND
    amendment = CallAmendment.objects.get(call=call)
    assert set(amendment.changes) == {"max_grant"}
    assert amendment.reason == "Aumento del contributo massimo."
    call.refresh_from_db()
    assert call.max_grant == Decimal("60000.00")
    public = client.get(call.get_absolute_url()).content.decode()
    assert "Rettifica n. 1" in public


def test_an_amendment_needs_a_reason_and_a_change(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(officer=officer)

    no_reason = client.post(
        _url("call-amend", call.pk), _amend_post(call, max_grant="1", reason="")
    )
    no_change = client.post(_url("call-amend", call.pk), _amend_post(call))

    assert 'id="id_reason_error"' in no_reason.content.decode()
    assert "La rettifica non cambia nulla" in no_change.content.decode()
    assert not CallAmendment.objects.exists()


def test_a_draft_is_not_amended(client, sign_in):
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    call = make_call(published=False, officer=officer)
    assert client.get(_url("call-amend", call.pk)).status_code == 403
