"""Payments to the lead body as the agreement says (the advance on
signature, any interim instalment, the balance once the project is
reported), the revocation of a grant and the money recovered.

Each service checks ``monitoring.record_payment``, locks the project (so two
officers cannot pay twice or above the grant), writes an audit event and
tells the lead body by e-mail after the commit. The balance is computed by
``balance.balance_compute`` from the eligible expenditure of the checked
statements and is recorded with its computation."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.money import cents, euro
from conciliare.core.permissions import ensure_perm
from conciliare.monitoring.balance import BalanceComputation, balance_compute
from conciliare.monitoring.models import (
    Expense,
    Payment,
    PaymentKind,
    Recovery,
    Revocation,
    StatementStatus,
)
from conciliare.monitoring.project_services import CLOSED_STATUSES
from conciliare.monitoring.recipients import lead_recipients
from conciliare.plans.models import (
    Agreement,
    AgreementInstalment,
    AgreementStatus,
    InstalmentKind,
)
from conciliare.projects.models import Project, ProjectStatus

#: Projects that may still receive an advance or an interim instalment.
PAYABLE_STATUSES = frozenset(
    {
        ProjectStatus.AGREEMENT_SIGNED,
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.COMPLETED,
        ProjectStatus.REPORTED,
    }
)


# -- reads -------------------------------------------------------------------------


def _agreement_of(project: Project) -> Agreement | None:
    return (
        Agreement.objects.filter(project_id=project.pk)
        .select_related("plan_version__plan__call")
        .first()
    )


def eligible_expenditure(project: Project) -> Decimal:
    """The eligible amounts of the project's checked statements."""
    total = Expense.objects.filter(
        statement__project_id=project.pk, statement__status=StatementStatus.CHECKED
    ).aggregate(total=Sum("eligible_amount"))["total"]
    return cents(total)


def paid_total(project: Project) -> Decimal:
    return cents(
        Payment.objects.filter(project_id=project.pk).aggregate(total=Sum("amount"))[
            "total"
        ]
    )


def recovery_outstanding(project: Project) -> Decimal:
    """What the lead body still has to give back: the revocation's amount
    and the balance's recovery, less what was recovered."""
    revocation = Revocation.objects.filter(project_id=project.pk).first()
    asked = cents(revocation.amount_to_recover if revocation else None) + cents(
        Payment.objects.filter(project_id=project.pk).aggregate(
            total=Sum("recovery_due")
        )["total"]
    )
    recovered = cents(
        Recovery.objects.filter(project_id=project.pk).aggregate(total=Sum("amount"))[
            "total"
        ]
    )
    return max(asked - recovered, Decimal("0.00"))


def balance_preview(project: Project) -> BalanceComputation:
    """The balance as it would be paid now: the agreement's grant, the
    eligible expenditure of the checked statements, the call's minimum
    co-financing share (0 without a call) and what was already paid."""
    agreement = _agreement_of(project)
    if agreement is None:
        raise ApplicationError(_("Il progetto non ha una convenzione."))
    call = agreement.plan_version.plan.call
    return balance_compute(
        grant=cents(agreement.grant),
        eligible_expenditure=eligible_expenditure(project),
        min_cofinancing_share=(
            call.min_cofinancing_share if call is not None else Decimal(0)
        ),
        already_paid=paid_total(project),
    )


# -- payments -----------------------------------------------------------------------


def _locked(project: Project) -> Project:
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("alliance__lead")
        .get(pk=project.pk)
    )


def _dates_check(
    errors: dict[str, list[str]],
    *,
    act_date: date | None,
    other: date | None,
    other_field: str,
    other_required: str,
) -> None:
    """The act's date and the payment's (or receipt's): given, not in the
    future, the second not before the act."""
    today = timezone.localdate()
    if act_date is None:
        errors["act_date"] = [_("Indicare la data dell'atto.")]
    elif act_date > today:
        errors["act_date"] = [_("La data dell'atto non può essere nel futuro.")]
    if other is None:
        errors[other_field] = [other_required]
    elif other > today:
        errors[other_field] = [_("La data non può essere nel futuro.")]
    elif act_date is not None and other < act_date:
        errors[other_field] = [
            _("La data non può precedere quella dell'atto (%(date)s).")
            % {"date": f"{act_date:%d/%m/%Y}"}
        ]


def _scheduled_instalment(agreement: Agreement, kind: str) -> AgreementInstalment:
    """The agreement's next unpaid instalment of ``kind``."""
    instalment = (
        agreement.instalments.filter(kind=kind, payment__isnull=True)
        .order_by("position")
        .first()
    )
    if instalment is not None:
        return instalment
    if agreement.instalments.filter(kind=kind).exists():
        if kind == InstalmentKind.ADVANCE:
            raise ApplicationError(_("L'anticipo è già stato registrato."))
        raise ApplicationError(_("Gli acconti previsti dalla convenzione sono pagati."))
    if kind == InstalmentKind.ADVANCE:
        raise ApplicationError(_("La convenzione non prevede un anticipo."))
    raise ApplicationError(_("La convenzione non prevede acconti."))


@transaction.atomic
def payment_record(
    *,
    actor: User,
    project: Project,
    kind: str,
    act_number: str,
    act_date: date | None,
    paid_on: date | None,
    amount: Decimal | None = None,
    note: str = "",
) -> Payment:
    """Record a payment to the lead body with its act of liquidation.

    The advance and any interim instalment are paid as the agreement
    schedules them (``amount`` defaults to the schedule's, and another amount
    is refused), once the agreement is signed; the balance once the project
    is reported, of exactly the computed amount, moving the project to
    *saldo erogato*. The payments never add up to more than the grant."""
    ensure_perm(actor, "monitoring.record_payment", project)
    project = _locked(project)
    agreement = _agreement_of(project)
    if agreement is None or agreement.status != AgreementStatus.SIGNED:
        raise ApplicationError(
            _("I pagamenti si registrano dopo la sottoscrizione della convenzione.")
        )
    if kind not in PaymentKind.values:
        raise ValidationError({"kind": _("Tipo di pagamento sconosciuto.")})
    errors: dict[str, list[str]] = {}
    act_number = (act_number or "").strip()
    if not act_number:
        errors["act_number"] = [_("Indicare il numero dell'atto di liquidazione.")]
    _dates_check(
        errors,
        act_date=act_date,
        other=paid_on,
        other_field="paid_on",
        other_required=_("Indicare la data del pagamento."),
    )

    instalment: AgreementInstalment | None
    computation: BalanceComputation | None = None
    if kind == PaymentKind.BALANCE:
        if Payment.objects.filter(project=project, kind=PaymentKind.BALANCE).exists():
            raise ApplicationError(_("Il saldo è già stato registrato."))
        if project.status != ProjectStatus.REPORTED:
            raise ApplicationError(
                _(
                    "Il saldo si paga a progetto rendicontato (relazione finale "
                    "accettata e rendiconto finale verificato): il progetto è "
                    "«%(status)s»."
                )
                % {"status": project.get_status_display()}
            )
        computation = balance_preview(project)
        if amount is not None and amount != computation.balance:
            errors["amount"] = [
                _(
                    "Il saldo calcolato è di %(balance)s: la spesa ammissibile, il "
                    "contributo e quanto già pagato lo determinano."
                )
                % {"balance": euro(computation.balance)}
            ]
        amount = computation.balance
        instalment = (
            agreement.instalments.filter(
                kind=InstalmentKind.BALANCE, payment__isnull=True
            )
            .order_by("position")
            .first()
        )
    else:
        if project.status not in PAYABLE_STATUSES:
            raise ApplicationError(
                _("Non si registrano pagamenti per un progetto «%(status)s».")
                % {"status": project.get_status_display()}
            )
        if (
            kind == PaymentKind.ADVANCE
            and Payment.objects.filter(
                project=project, kind=PaymentKind.ADVANCE
            ).exists()
        ):
            raise ApplicationError(_("L'anticipo è già stato registrato."))
        instalment = _scheduled_instalment(agreement, kind)
        if amount is not None and amount != instalment.amount:
            errors["amount"] = [
                _("La convenzione prevede per questa tranche %(amount)s.")
                % {"amount": euro(instalment.amount)}
            ]
        amount = instalment.amount
    amount = cents(amount)
    already = paid_total(project)
    if "amount" not in errors and already + amount > agreement.grant:
        errors["amount"] = [
            _(
                "Con questo pagamento si supererebbe il contributo di %(grant)s "
                "(già pagati %(paid)s)."
            )
            % {"grant": euro(agreement.grant), "paid": euro(already)}
        ]
    if errors or act_date is None or paid_on is None:
        raise ValidationError(errors)

    payment = Payment.objects.create(
        project=project,
        ats_id=project.ats_id,
        instalment=instalment,
        kind=kind,
        amount=amount,
        act_number=act_number,
        act_date=act_date,
        paid_on=paid_on,
        computation=computation.as_record() if computation else {},
        recovery_due=computation.recovery_due if computation else Decimal(0),
        note=note.strip(),
        recorded_by=actor,
    )
    changes: dict[str, list[str | None]] = {"amount": [None, str(amount)]}
    if computation is not None and computation.recovery_due:
        changes["recovery_due"] = [None, str(computation.recovery_due)]
    event_record(
        actor=actor,
        verb="payment.record",
        target=payment,
        changes=changes,
        note=_("Atto n. %(number)s del %(date)s")
        % {"number": act_number, "date": f"{act_date:%d/%m/%Y}"},
    )
    if kind == PaymentKind.BALANCE:
        before = project.status
        project.transition_to(ProjectStatus.BALANCE_PAID)
        project.save(update_fields=["status", "updated_at"])
        event_record(
            actor=actor,
            verb="project.balance_paid",
            target=project,
            from_state=before,
            to_state=project.status,
        )
    _payment_notify(project, payment)
    transaction.on_commit(public_cache_invalidate)
    return payment


def _payment_notify(project: Project, payment: Payment) -> None:
    with override("it"):
        values = {
            "kind": PaymentKind(payment.kind).label,
            "project": project.title,
            "code": project.code,
            "amount": euro(payment.amount),
            "date": f"{payment.paid_on:%d/%m/%Y}",
            "act": payment.act_number,
            "act_date": f"{payment.act_date:%d/%m/%Y}",
        }
        subject = _("%(kind)s pagato: progetto %(code)s") % values
        body = (
            _(
                "Per il progetto «%(project)s» (%(code)s) è stato pagato il "
                "%(date)s l'importo di %(amount)s (%(kind)s), con l'atto di "
                "liquidazione n. %(act)s del %(act_date)s."
            )
            % values
        )
        if payment.recovery_due:
            body += "\n\n" + _(
                "Il saldo calcolato è inferiore a quanto già ricevuto: l'ente "
                "capofila deve restituire %(due)s."
            ) % {"due": euro(payment.recovery_due)}
        body += "\n\n" + _(
            "Il dettaglio si consulta nell'area riservata di Conciliare."
        )
    mail_on_commit(subject, body, lead_recipients(project))


# -- revocation and recovery --------------------------------------------------------


@transaction.atomic
def project_revoke(
    *,
    actor: User,
    project: Project,
    act_number: str,
    act_date: date | None,
    reason: str,
    amount_to_recover: Decimal | None = None,
) -> Revocation:
    """Revoke the project's grant by an act of the ATS: the project becomes
    *revocato* (from any state but the final ones) and the lead body must
    give back ``amount_to_recover`` (by default all it was paid, never
    more)."""
    ensure_perm(actor, "monitoring.record_payment", project)
    project = _locked(project)
    if project.status in CLOSED_STATUSES:
        raise ApplicationError(
            _("Un progetto «%(status)s» non può essere revocato.")
            % {"status": project.get_status_display()}
        )
    errors: dict[str, list[str]] = {}
    act_number = (act_number or "").strip()
    reason = (reason or "").strip()
    if not act_number:
        errors["act_number"] = [_("Indicare il numero dell'atto di revoca.")]
    today = timezone.localdate()
    if act_date is None:
        errors["act_date"] = [_("Indicare la data dell'atto.")]
    elif act_date > today:
        errors["act_date"] = [_("La data dell'atto non può essere nel futuro.")]
    if not reason:
        errors["reason"] = [_("Indicare la motivazione della revoca.")]
    paid = paid_total(project)
    amount = paid if amount_to_recover is None else cents(amount_to_recover)
    if amount < 0:
        errors["amount_to_recover"] = [_("L'importo non può essere negativo.")]
    elif amount > paid:
        errors["amount_to_recover"] = [
            _("Non si può recuperare più di quanto pagato (%(paid)s).")
            % {"paid": euro(paid)}
        ]
    if errors or act_date is None:
        raise ValidationError(errors)

    revocation = Revocation.objects.create(
        project=project,
        ats_id=project.ats_id,
        act_number=act_number,
        act_date=act_date,
        reason=reason,
        amount_to_recover=amount,
        recorded_by=actor,
    )
    before = project.status
    project.transition_to(ProjectStatus.REVOKED)
    project.save(update_fields=["status", "updated_at"])
    event_record(
        actor=actor,
        verb="project.revoke",
        target=project,
        from_state=before,
        to_state=project.status,
        changes={"amount_to_recover": [None, str(amount)]},
        note=_("Atto n. %(number)s del %(date)s: %(reason)s")
        % {"number": act_number, "date": f"{act_date:%d/%m/%Y}", "reason": reason},
    )
    _revocation_notify(project, revocation)
    transaction.on_commit(public_cache_invalidate)
    return revocation


def _revocation_notify(project: Project, revocation: Revocation) -> None:
    with override("it"):
        values = {
            "project": project.title,
            "code": project.code,
            "act": revocation.act_number,
            "date": f"{revocation.act_date:%d/%m/%Y}",
            "reason": revocation.reason,
            "amount": euro(revocation.amount_to_recover),
        }
        subject = _("Revoca del contributo: progetto %(code)s") % values
        body = (
            _(
                "Con l'atto n. %(act)s del %(date)s il contributo del progetto "
                "«%(project)s» (%(code)s) è stato revocato.\n\n"
                "Motivazione: %(reason)s\n\n"
                "Importo da restituire: %(amount)s."
            )
            % values
        )
    mail_on_commit(subject, body, lead_recipients(project))


@transaction.atomic
def recovery_record(
    *,
    actor: User,
    project: Project,
    amount: Decimal | None,
    received_on: date | None,
    reference: str,
) -> Recovery:
    """Record money the lead body gave back, while some is due (after a
    revocation or a balance below what was paid), never more than is
    due."""
    ensure_perm(actor, "monitoring.record_payment", project)
    project = _locked(project)
    due = recovery_outstanding(project)
    if due <= 0:
        raise ApplicationError(_("Non ci sono somme da recuperare per il progetto."))
    errors: dict[str, list[str]] = {}
    if amount is None:
        errors["amount"] = [_("Indicare l'importo incassato.")]
    elif amount <= 0:
        errors["amount"] = [_("L'importo deve essere maggiore di zero.")]
    elif cents(amount) > due:
        errors["amount"] = [
            _("L'importo supera quanto resta da recuperare (%(due)s).")
            % {"due": euro(due)}
        ]
    today = timezone.localdate()
    if received_on is None:
        errors["received_on"] = [_("Indicare la data dell'incasso.")]
    elif received_on > today:
        errors["received_on"] = [_("La data non può essere nel futuro.")]
    reference = (reference or "").strip()
    if not reference:
        errors["reference"] = [_("Indicare il riferimento dell'incasso.")]
    if errors or amount is None or received_on is None:
        raise ValidationError(errors)

    recovery = Recovery.objects.create(
        project=project,
        ats_id=project.ats_id,
        amount=cents(amount),
        received_on=received_on,
        reference=reference,
        recorded_by=actor,
    )
    event_record(
        actor=actor,
        verb="recovery.record",
        target=recovery,
        changes={"amount": [None, str(recovery.amount)]},
        note=reference,
    )
    transaction.on_commit(public_cache_invalidate)
    return recovery
