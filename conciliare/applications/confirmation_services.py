"""A partner's confirmation of its role and contribution in a draft."""

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.accounts.predicates import organisation_ids_of
from conciliare.applications.models import Application, PartnerConfirmation
from conciliare.applications.services import application_lock
from conciliare.audit.services import event_record
from conciliare.core.exceptions import ApplicationError
from conciliare.core.money import cents
from conciliare.core.permissions import ensure_perm
from conciliare.registry.models import Organisation


def partner_contribution(
    *, application: Application, organisation: Organisation
) -> dict[str, Any]:
    """What ``organisation`` does and spends in the draft: the actions it is
    responsible for and its budget totals (strings: stored as JSON)."""
    sums = application.budget_lines.filter(organisation=organisation).aggregate(
        cost=Sum("cost"), grant=Sum("grant_requested"), cofinancing=Sum("cofinancing")
    )
    return {
        "actions": sorted(
            application.actions.filter(responsible=organisation).values_list(
                "title", flat=True
            )
        ),
        "cost": str(cents(sums["cost"])),
        "grant_requested": str(cents(sums["grant"])),
        "cofinancing": str(cents(sums["cofinancing"])),
    }


@transaction.atomic
def partner_confirm(
    *, actor: User, application: Application, organisation: Organisation, note: str = ""
) -> PartnerConfirmation:
    """Record that ``organisation`` (a partner the actor represents) confirms
    its role and contribution as the draft states them now."""
    application = application_lock(application)
    ensure_perm(actor, "applications.confirm_partnership", application)
    if organisation.pk not in organisation_ids_of(actor):
        raise ApplicationError(
            _("Si può confermare solo per un ente che si rappresenta.")
        )
    if not application.alliance.partners.filter(
        organisation=organisation, left_on__isnull=True
    ).exists():
        raise ApplicationError(_("Questo ente non è un partner dell'alleanza."))
    contribution = partner_contribution(
        application=application, organisation=organisation
    )
    confirmation, _created = PartnerConfirmation.objects.update_or_create(
        application=application,
        organisation=organisation,
        defaults={
            "confirmed_by": actor,
            "confirmed_at": timezone.now(),
            "contribution": contribution,
            "note": note.strip(),
        },
    )
    event_record(
        actor=actor,
        verb="application.partner_confirm",
        target=application,
        changes={"confirmation": [None, contribution]},
        note=organisation.legal_name,
    )
    return confirmation
