"""The officer's payment forms on the project's page: a refused payment,
revocation or recovery comes back with its messages beside the fields and
what was typed (400, nothing saved); only an officer of the ATS posts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.audit.models import AuditEvent
from conciliare.monitoring.models import Payment, PaymentKind, Recovery, Revocation
from conciliare.monitoring.tests.factories import regional_officer, signed_project
from conciliare.monitoring.tests.test_payment_services import (
    advance_paid,
    project_reported,
    statement_checked,
)
from conciliare.projects.models import ProjectStatus
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db


def _url(name, project):
    return reverse(f"monitoring:{name}", args=[project.code])


def _payment_post(kind=PaymentKind.ADVANCE, **fields):
    today = timezone.localdate()
    data = {
        "kind": kind,
        f"{kind}-act_number": "LIQ-12",
        f"{kind}-act_date": (today - timedelta(days=1)).isoformat(),
        f"{kind}-paid_on": today.isoformat(),
        f"{kind}-amount": "",
        f"{kind}-note": "",
    }
    data.update({f"{kind}-{name}": value for name, value in fields.items()})
    return data


def test_the_officer_records_the_advance(client, sign_in):
    funded = signed_project()
    sign_in(funded.officer)

    response = client.post(
        _url("payment-create", funded.project),
        _payment_post(amount="22.500,00"),
        follow=True,
    )

    content = response.content.decode()
    assert response.redirect_chain[-1][0] == _url("project-detail", funded.project)
    assert "Anticipo di € 22.500,00 registrato" in content
    assert 'id="payments-total">€ 22.500,00<' in content
    assert "Pagamento registrato" in content  # in the history
    assert 'id="payment-advance"' not in content  # paid: no form any more
    payment = Payment.objects.get()
    assert (payment.kind, payment.amount, payment.act_number) == (
        PaymentKind.ADVANCE,
        Decimal("22500.00"),
        "LIQ-12",
    )


def test_an_advance_without_its_act_is_shown_again_with_the_message(client, sign_in):
    funded = signed_project()
    sign_in(funded.officer)

    response = client.post(
        _url("payment-create", funded.project),
        _payment_post(act_number="", note="Bonifico urgente"),
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_advance-act_number_error"' in content
    assert "Indicare il numero dell&#x27;atto di liquidazione." in content
    assert "Bonifico urgente" in content  # what was typed is kept
    assert not Payment.objects.exists()


def test_an_advance_other_than_the_schedule_is_refused_beside_the_amount(
    client, sign_in
):
    funded = signed_project()
    sign_in(funded.officer)

    response = client.post(
        _url("payment-create", funded.project), _payment_post(amount="30000")
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_advance-amount_error"' in content
    assert "La convenzione prevede per questa tranche € 22.500,00." in content
    assert 'value="30000"' in content
    assert not Payment.objects.exists()


def test_a_payment_before_its_act_is_refused_beside_the_date(client, sign_in):
    funded = signed_project()
    sign_in(funded.officer)
    today = timezone.localdate()

    response = client.post(
        _url("payment-create", funded.project),
        _payment_post(
            act_date=today.isoformat(),
            paid_on=(today - timedelta(days=1)).isoformat(),
        ),
    )

    assert response.status_code == 400
    assert 'id="id_advance-paid_on_error"' in response.content.decode()


def test_the_balance_is_paid_as_computed(client, sign_in):
    funded = signed_project()
    advance_paid(funded)
    statement_checked(funded, expenses=(("50000.01", "50000.01"),))
    project_reported(funded)
    sign_in(funded.officer)
    url = _url("payment-create", funded.project)

    wrong = client.post(url, _payment_post(PaymentKind.BALANCE, amount="22500"))
    assert wrong.status_code == 400
    content = wrong.content.decode()
    assert 'id="id_balance-amount_error"' in content
    assert "Il saldo calcolato è di € 12.500,00" in content
    assert 'id="balance-computation"' in content

    paid = client.post(url, _payment_post(PaymentKind.BALANCE), follow=True)
    assert 'id="project-status">Saldo erogato<' in paid.content.decode()
    balance = Payment.objects.get(kind=PaymentKind.BALANCE)
    assert balance.amount == Decimal("12500.00")
    assert balance.computation["reduction"] == "10000.00"


def test_an_unknown_kind_is_refused_with_a_message(client, sign_in):
    funded = signed_project()
    sign_in(funded.officer)

    response = client.post(
        _url("payment-create", funded.project),
        {**_payment_post(), "kind": "bonus"},
        follow=True,
    )

    assert "Tipo di pagamento sconosciuto." in response.content.decode()
    assert not Payment.objects.exists()


def test_the_officer_revokes_then_records_the_recoveries(
    client, sign_in, django_capture_on_commit_callbacks
):
    funded = signed_project()
    advance_paid(funded)
    sign_in(funded.officer)
    today = timezone.localdate().isoformat()

    # the revocation: without a reason first, then too much, then right
    revoke = _url("project-revoke", funded.project)
    missing = client.post(
        revoke, {"revoke-act_number": "REV-1", "revoke-act_date": today}
    )
    assert missing.status_code == 400
    assert 'id="id_revoke-reason_error"' in missing.content.decode()
    too_much = client.post(
        revoke,
        {
            "revoke-act_number": "REV-1",
            "revoke-act_date": today,
            "revoke-reason": "Attività mai avviate.",
            "revoke-amount_to_recover": "30.000,00",
        },
    )
    assert too_much.status_code == 400
    assert 'id="id_revoke-amount_to_recover_error"' in too_much.content.decode()
    assert "Attività mai avviate." in too_much.content.decode()
    assert not Revocation.objects.exists()
    # (the commit refreshes the cached figures: run its callbacks, then read)
    with django_capture_on_commit_callbacks(execute=True):
        revoked = client.post(
            revoke,
            {
                "revoke-act_number": "REV-1",
                "revoke-act_date": today,
                "revoke-reason": "Attività mai avviate.",
            },
        )
    content = client.get(revoked["Location"]).content.decode()
    assert 'id="project-status">Revocato<' in content
    assert 'id="figure-to-recover">€ 22.500,00<' in content
    assert 'id="revoke"' not in content
    assert 'id="recovery"' in content

    # the recoveries: above what is due, then all of it
    recover = _url("recovery-create", funded.project)
    above = client.post(
        recover,
        {
            "recovery-amount": "22.500,01",
            "recovery-received_on": today,
            "recovery-reference": "Reversale 4",
        },
    )
    assert above.status_code == 400
    assert 'id="id_recovery-amount_error"' in above.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            recover,
            {
                "recovery-amount": "22.500,00",
                "recovery-received_on": today,
                "recovery-reference": "Reversale 4",
            },
        )
    page = client.get(done["Location"]).content.decode()
    assert 'id="figure-to-recover">€ 0,00<' in page
    assert 'id="recovery"' not in page
    assert Recovery.objects.get().amount == Decimal("22500.00")
    assert AuditEvent.objects.filter(verb="recovery.record").count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("committee", 403),
        ("region", 403),
        ("lead", 403),
        ("partner", 404),
        ("other_officer", 404),
    ],
)
def test_only_an_officer_of_the_ats_posts_the_payment_forms(
    client, sign_in, who, status
):
    funded = signed_project()
    user = {
        "committee": lambda: make_user(Role.COMMITTEE_MEMBER, ats=funded.project.ats),
        "region": regional_officer,
        "lead": lambda: funded.lead_rep,
        "partner": lambda: funded.team.partner_rep,
        "other_officer": lambda: make_user(
            Role.ATS_OFFICER, ats=ATS.objects.get(slug="brianza")
        ),
    }[who]()
    sign_in(user)
    today = timezone.localdate().isoformat()

    for name, data in (
        ("payment-create", _payment_post()),
        (
            "project-revoke",
            {
                "revoke-act_number": "R",
                "revoke-act_date": today,
                "revoke-reason": "x",
            },
        ),
        (
            "recovery-create",
            {
                "recovery-amount": "1",
                "recovery-received_on": today,
                "recovery-reference": "x",
            },
        ),
    ):
        assert client.post(_url(name, funded.project), data).status_code == status
    assert not Payment.objects.exists()
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.AGREEMENT_SIGNED
