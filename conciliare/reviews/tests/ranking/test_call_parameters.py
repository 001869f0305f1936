"""The call's parameters for evaluation and ranking in the call form, the
rettifica and the public call page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.calls.call_forms import CallAmendForm
from conciliare.calls.models import Call, ScoreMethod
from conciliare.calls.services import call_update
from conciliare.calls.tests.factories import make_call, make_guidance
from conciliare.registry.models import Typology
from conciliare.territory.models import InterventionArea

pytestmark = pytest.mark.django_db


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def call_post(**overrides):
    now = timezone.now()
    areas = InterventionArea.objects.filter(period__slug="2020-2023")
    data = {
        "ats": str(ats("milano").pk),
        "title": "Avviso con graduatoria",
        "description": "",
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
        "lead_typologies": [Typology.PUBLIC_BODY],
        "min_partners": "4",
        "min_public_partners": "1",
        "min_small_firms": "2",
        "score_method": "mean",
        "min_evaluators": "3",
        "clarification_days": "15",
        "tie_breaker_1": "lower_grant",
        "tie_breaker_2": "criterion:2",
        "tie_breaker_3": "",
        "allow_partial_funding": "False",
    }
    data.update(overrides)
    return data


def create_url():
    return f"{reverse('calls-manage:call-create')}?period=2020-2023"


def test_the_form_offers_and_saves_the_evaluation_parameters(client, sign_in):
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    page = client.get(create_url()).content.decode()
    assert 'name="tie_breaker_1"' in page
    assert "Punteggio più alto sul criterio 1 – Coerenza" in page
    assert "Domanda inviata per prima" in page
    response = client.post(create_url(), call_post())
    assert response.status_code == 302
    call = Call.objects.get()
    assert call.score_method == ScoreMethod.MEAN
    assert call.min_evaluators == 3
    assert call.clarification_days == 15
    assert call.tie_breakers == ["lower_grant", "criterion:2"]
    assert call.allow_partial_funding is False
    edit = client.get(
        reverse("calls-manage:call-edit", args=[call.pk])
    ).content.decode()
    assert '<option value="lower_grant" selected>' in edit


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"tie_breaker_1": "criterion:9"},
            "tie_breaker_1",
            "Scegliere un criterio di parità",
        ),
        (
            {"tie_breaker_2": "lottery"},
            "tie_breaker_2",
            "Scegliere un criterio di parità",
        ),
        ({"tie_breaker_2": "lower_grant"}, "tie_breaker_2", "già indicato sopra"),
        ({"min_evaluators": "0"}, "min_evaluators", "Indicare almeno un valutatore."),
        (
            {"clarification_days": "0"},
            "clarification_days",
            "Indicare almeno un giorno.",
        ),
    ],
)
def test_a_bad_parameter_is_refused_beside_its_field(
    client, sign_in, overrides, field, message
):
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    response = client.post(create_url(), call_post(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in page
    assert message in page.replace("&#x27;", "'")
    assert not Call.objects.exists()


def test_the_service_refuses_a_tie_breaker_on_a_missing_criterion():
    call = make_call(published=False)
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    with pytest.raises(ValidationError) as exc:
        call_update(actor=officer, call=call, data={"tie_breakers": ["criterion:9"]})
    assert (
        "criterio di valutazione che l'avviso non ha"
        in exc.value.message_dict["tie_breakers"][0]
    )
    with pytest.raises(ValidationError) as exc:
        call_update(
            actor=officer,
            call=call,
            data={"tie_breakers": ["submitted_at", "submitted_at"]},
        )
    assert "una volta sola" in exc.value.message_dict["tie_breakers"][0]


def test_a_rettifica_may_change_the_tie_breakers_and_partial_funding():
    call = make_call()
    form = CallAmendForm(
        {
            "title": call.title,
            "description": call.description,
            "closes_at": _local(call.closes_at),
            "min_grant": "0",
            "max_grant": "50.000,00",
            "min_cofinancing_share": "30",
            "activities_end_by": call.activities_end_by.isoformat(),
            "areas": [str(a.pk) for a in call.areas.all()],
            "reason": "Criteri di parità precisati.",
            "score_method": "consensus",
            "min_evaluators": "2",
            "clarification_days": "10",
            "tie_breaker_1": "submitted_at",
            "tie_breaker_2": "",
            "tie_breaker_3": "",
            "allow_partial_funding": "False",
        },
        call=call,
    )
    assert form.is_valid(), form.errors
    assert form.changes() == {
        "tie_breakers": ["submitted_at"],
        "allow_partial_funding": False,
    }


def test_a_rettifica_without_the_parameters_leaves_them_alone():
    call = make_call()
    form = CallAmendForm(
        {
            "title": "Nuovo titolo",
            "description": call.description,
            "closes_at": _local(call.closes_at),
            "min_grant": "0",
            "max_grant": "50.000,00",
            "min_cofinancing_share": "30",
            "activities_end_by": call.activities_end_by.isoformat(),
            "areas": [str(a.pk) for a in call.areas.all()],
            "reason": "Titolo corretto.",
        },
        call=call,
    )
    assert form.is_valid(), form.errors
    assert form.changes() == {"title": "Nuovo titolo"}


def test_the_public_call_page_explains_the_parameters(client):
    call = make_call(
        tie_breakers=["criterion:1", "higher_cofinancing"],
        allow_partial_funding=False,
        min_evaluators=3,
    )
    page = client.get(call.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert "Ogni domanda è valutata da 3 componenti del Comitato" in page
    assert "la domanda con il punteggio più alto sul criterio «Coerenza" in page
    assert "la domanda con la quota di cofinanziamento più alta" in page
    assert "i fondi rimasti non sono assegnati in parte" in page
    assert Decimal(call.min_score) == Decimal("60")
