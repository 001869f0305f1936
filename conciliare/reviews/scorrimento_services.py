"""Scorrimento of an approved ranking: a funded entry renounces its grant or
has it reduced, and the freed funds go down the ranking by the same rule as
the first allocation (the partly funded entry is topped up first, then the
next ones in order). An entry above the one that changed never loses money.
Each step is recorded with every entry it moved, audited, and the lead
bodies that moved up are told."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.money import CENT, cents, euro
from conciliare.core.permissions import ensure_perm
from conciliare.reviews.models import (
    Ranking,
    RankingEntry,
    RankingOutcome,
    RankingStep,
    RankingStepKind,
)
from conciliare.reviews.models.ranking import FUNDED_OUTCOMES
from conciliare.reviews.ranking_services import entries_allocate, lead_addresses


@transaction.atomic
def ranking_renounce(
    *,
    actor: User,
    entry: RankingEntry,
    reason: str,
    act_number: str = "",
    act_date: date | None = None,
) -> RankingStep:
    """A funded entry renounces its grant: its award goes to zero and the
    funds move down the ranking."""
    ranking, entries, target = _lock(actor=actor, entry=entry)
    _check_reason(reason)
    if target.outcome not in FUNDED_OUTCOMES:
        raise ApplicationError(
            _("Solo una domanda finanziata può rinunciare al contributo."),
            field="entry",
        )
    target.outcome = RankingOutcome.RENOUNCED
    target.grant_awarded = Decimal("0.00")
    return _scroll(
        actor=actor,
        ranking=ranking,
        entries=entries,
        target=target,
        kind=RankingStepKind.RENOUNCE,
        reason=reason,
        act_number=act_number,
        act_date=act_date,
    )


@transaction.atomic
def ranking_reduce(
    *,
    actor: User,
    entry: RankingEntry,
    amount: Decimal | None,
    reason: str,
    act_number: str = "",
    act_date: date | None = None,
) -> RankingStep:
    """A funded entry's award is reduced to ``amount`` (more than zero, less
    than it has now): that amount becomes its cap, and the difference moves
    down the ranking."""
    ranking, entries, target = _lock(actor=actor, entry=entry)
    _check_reason(reason)
    if target.outcome not in FUNDED_OUTCOMES:
        raise ApplicationError(
            _("Si può ridurre solo il contributo di una domanda finanziata."),
            field="entry",
        )
    if amount is None or amount <= 0:
        raise ValidationError(
            {"amount": [_("Indicare il nuovo contributo, maggiore di zero.")]}
        )
    amount = amount.quantize(CENT)
    if amount >= target.grant_awarded:
        raise ValidationError(
            {
                "amount": [
                    _(
                        "Il nuovo contributo deve essere inferiore a quello assegnato (%(awarded)s)."
                    )
                    % {"awarded": euro(target.grant_awarded)}
                ]
            }
        )
    target.grant_cap = amount
    return _scroll(
        actor=actor,
        ranking=ranking,
        entries=entries,
        target=target,
        kind=RankingStepKind.REDUCTION,
        reason=reason,
        act_number=act_number,
        act_date=act_date,
    )


def _lock(
    *, actor: User, entry: RankingEntry
) -> tuple[Ranking, list[RankingEntry], RankingEntry]:
    ensure_perm(actor, "reviews.scroll_ranking", entry.ranking)
    ranking = (
        Ranking.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=entry.ranking_id)
    )
    if not ranking.is_approved:
        raise ApplicationError(
            _("Lo scorrimento si applica solo a una graduatoria approvata.")
        )
    entries = list(
        RankingEntry.objects.select_for_update(of=("self",))
        .filter(ranking=ranking, position__isnull=False)
        .select_related("application__alliance__lead")
        .order_by("position")
    )
    target = next((e for e in entries if e.pk == entry.pk), None)
    if target is None:
        raise ApplicationError(
            _("La domanda non è in graduatoria fra quelle ammesse."), field="entry"
        )
    return ranking, entries, target


def _check_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": [_("Indicare la motivazione.")]})


def _scroll(
    *,
    actor: User,
    ranking: Ranking,
    entries: list[RankingEntry],
    target: RankingEntry,
    kind: str,
    reason: str,
    act_number: str,
    act_date: date | None,
) -> RankingStep:
    before = {e.pk: (e.outcome, e.grant_awarded) for e in entries}
    # the target's new state is already set; read its old one from the database
    before[target.pk] = RankingEntry.objects.values_list(
        "outcome", "grant_awarded"
    ).get(pk=target.pk)
    entries_allocate(
        entries=entries,
        budget=ranking.budget,
        allow_partial=ranking.call.allow_partial_funding,
    )
    changes: list[dict[str, Any]] = []
    moved_up: list[RankingEntry] = []
    for e in entries:
        old_outcome, old_award = before[e.pk]
        if e.pk != target.pk and e.grant_awarded < old_award:
            # the rule never takes money from another entry; refuse rather than do it
            raise ApplicationError(
                _("Lo scorrimento ridurrebbe il contributo di un'altra domanda.")
            )
        if (old_outcome, cents(old_award)) != (e.outcome, cents(e.grant_awarded)):
            changes.append(
                {
                    "entry": e.pk,
                    "application": e.application_id,
                    "position": e.position,
                    "outcome": [old_outcome, e.outcome],
                    "awarded": [str(cents(old_award)), str(cents(e.grant_awarded))],
                }
            )
            if e.pk != target.pk:
                moved_up.append(e)
    changed = [e for e in entries if any(c["entry"] == e.pk for c in changes)]
    RankingEntry.objects.bulk_update(
        changed, ["outcome", "grant_awarded", "grant_cap"], batch_size=500
    )
    ranking.allocated = cents(
        RankingEntry.objects.filter(ranking=ranking).aggregate(
            total=Sum("grant_awarded")
        )["total"]
    )
    ranking.save(update_fields=["allocated", "updated_at"])
    step = RankingStep.objects.create(
        ranking=ranking,
        number=RankingStep.objects.filter(ranking=ranking).count() + 1,
        kind=kind,
        entry=target,
        reason=reason.strip(),
        act_number=act_number.strip(),
        act_date=act_date,
        changes=changes,
        made_by=actor,
        made_at=timezone.now(),
    )
    event_record(
        actor=actor,
        verb=f"ranking.{kind}",
        target=ranking,
        changes={"entries": changes},
        note=reason.strip(),
    )
    _notify_moved_up(ranking=ranking, entries=moved_up)
    transaction.on_commit(public_cache_invalidate)
    return step


def _notify_moved_up(*, ranking: Ranking, entries: list[RankingEntry]) -> None:
    subject = _("Scorrimento della graduatoria: avviso «%(title)s»") % {
        "title": ranking.call.title
    }
    for entry in entries:
        body = _(
            "Per effetto di uno scorrimento della graduatoria dell'avviso "
            "«%(call)s», la domanda «%(title)s» riceve ora un contributo di "
            "%(awarded)s su %(requested)s richiesti (%(outcome)s).\n\n"
            "La graduatoria aggiornata è pubblicata su Conciliare."
        ) % {
            "call": ranking.call.title,
            "title": entry.application.title,
            "awarded": euro(entry.grant_awarded),
            "requested": euro(entry.grant_requested),
            "outcome": entry.get_outcome_display(),
        }
        mail_on_commit(subject, body, lead_addresses(entry.application))
