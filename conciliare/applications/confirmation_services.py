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


def partner_contributions(*, application: Application) -> dict[int, dict[str, Any]]:
    """What each organisation does and spends in the draft, by organisation
    id: the actions it is responsible for and its budget totals (strings:
    stored as JSON). Two queries, whatever the number of partners."""
    contributions: dict[int, dict[str, Any]] = {}

    def entry(organisation_id: int) -> dict[str, Any]:
        return contributions.setdefault(organisation_id, no_contribution())

    sums = (
        application.budget_lines.values("organisation_id")
        .annotate(
            cost=Sum("cost"),
            grant=Sum("grant_requested"),
            cofinancing=Sum("cofinancing"),
        )
        .order_by()
    )
    for row in sums:
        entry(row["organisation_id"]).update(
            cost=str(cents(row["cost"])),
            grant_requested=str(cents(row["grant"])),
            cofinancing=str(cents(row["cofinancing"])),
        )
    for organisation_id, title in application.actions.values_list(
        "responsible_id", "title"
    ):
        entry(organisation_id)["actions"].append(title)
    for contribution in contributions.values():
        contribution["actions"].sort()
    return contributions


def partner_contribution(
    *, application: Application, organisation: Organisation
) -> dict[str, Any]:
    """``partner_contributions`` of one organisation (nothing: zero, no action)."""
    return partner_contributions(application=application).get(
        organisation.pk, no_contribution()
    )


def no_contribution() -> dict[str, Any]:
    """The contribution of an organisation with no action and no cost."""
    return {
        "actions": [],
        "cost": "0.00",
        "grant_requested": "0.00",
        "cofinancing": "0.00",
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
    if organisation.pk == application.alliance.lead_id:
        raise ApplicationError(
            _("Il capofila scrive la domanda: la conferma è chiesta ai partner.")
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
