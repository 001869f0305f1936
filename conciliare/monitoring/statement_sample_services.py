"""The ATS's draw of the sample of self-declarations to verify, at random
with the seed recorded with the population so that anyone can repeat it
(DGR XI/1017/2018). The verification of the ones drawn is part of the check
(``statement_check_services.expense_verify``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.core.exceptions import ApplicationError
from conciliare.monitoring import sampling
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    ExpenseEvidence,
    Verification,
)
from conciliare.monitoring.statement_locks import (
    statement_lock_for_check,
    statement_version_bump,
)
from conciliare.plans.agreement_services import agreement_template_for

#: A seed the database column holds (signed 64 bits).
SEED_MAX = 2**63 - 1


@transaction.atomic
def statement_sample_draw(
    *,
    actor: User,
    statement: ExpenditureStatement,
    seed: int | None = None,
) -> list[Expense]:
    """Draw the self-declarations to verify: the agreement template's share
    (at least one), with ``seed`` (a new random one when not given) recorded
    with the population, so ``sampling.sample_draw`` repeats the draw. Once
    only: the first draw stands. Returns the expenses drawn."""
    statement = statement_lock_for_check(actor=actor, statement=statement)
    if statement.sample_seed is not None:
        raise ApplicationError(
            _(
                "Il campione è già stato estratto il %(date)s con il seme "
                "%(seed)s: l'estrazione non si ripete."
            )
            % {
                "date": date_format(timezone.localtime(statement.sampled_at), "d/m/Y")
                if statement.sampled_at
                else "-",
                "seed": statement.sample_seed,
            }
        )
    if seed is not None and not 0 <= seed <= SEED_MAX:
        raise ValidationError(
            {
                "seed": _("Il seme è un numero intero tra 0 e %(max)s.")
                % {"max": SEED_MAX}
            }
        )
    population = sorted(
        Expense.objects.filter(
            statement=statement, evidence=ExpenseEvidence.SELF_DECLARATION
        ).values_list("pk", flat=True)
    )
    if not population:
        raise ApplicationError(
            _(
                "Il rendiconto non contiene autocertificazioni: non c'è nulla da estrarre."
            )
        )
    plan = statement.project.agreement.plan_version.plan
    share = agreement_template_for(plan=plan).sample_share
    seed = sampling.seed_new() if seed is None else seed
    drawn = sampling.sample_draw(population, share=share, seed=seed)
    Expense.objects.filter(pk__in=drawn).update(
        sampled=True, verification=Verification.PENDING
    )
    statement.sample_share = share
    statement.sample_seed = seed
    statement.sampled_at = timezone.now()
    statement.sampled_by = actor
    statement_version_bump(
        statement, "sample_share", "sample_seed", "sampled_at", "sampled_by"
    )
    event_record(
        actor=actor,
        verb="statement.sample_draw",
        target=statement,
        changes={
            "sample_seed": [None, str(seed)],
            "sample_share": [None, str(share)],
            "population": [None, population],
            "drawn": [None, drawn],
        },
        note=_("%(drawn)s su %(population)s autocertificazioni, seme %(seed)s.")
        % {"drawn": len(drawn), "population": len(population), "seed": seed},
    )
    return list(Expense.objects.filter(pk__in=drawn).order_by("pk"))
