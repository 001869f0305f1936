"""Does a partnership meet the composition rules of a period or of a call?

``composition_check`` works on the organisations it is given (the lead and
the others), counting in Python over that short list; the only query it may
run is the one that asks which of them belong to the ATS network, when the
rules require it. ``alliance_check`` reads an alliance's current partners and
passes them on. The calls (a later issue) reuse ``composition_check`` with a
call's rules and the partners named in an application.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conciliare.partnerships.models import Alliance, CompositionRules, Partner
from conciliare.registry.models import (
    PUBLIC_TYPOLOGIES,
    Membership,
    Network,
    Organisation,
    SizeClass,
    Typology,
)
from conciliare.registry.network_selectors import MEMBER_STATUSES

#: Private companies of these sizes count as micro or small firms.
SMALL_FIRM_SIZES = frozenset({SizeClass.MICRO, SizeClass.SMALL})


@dataclass(frozen=True)
class RuleFailure:
    """A rule the partnership does not meet: ``code`` for programs and tests,
    ``message`` (Italian, translated) for people, saying what is missing."""

    code: str
    message: str


class FailureCode:
    LEAD_TYPOLOGY = "lead_typology"
    MIN_PARTNERS = "min_partners"
    MIN_PUBLIC_PARTNERS = "min_public_partners"
    MIN_SMALL_FIRMS = "min_small_firms"
    NETWORK_MISSING = "network_missing"
    NOT_NETWORK_MEMBERS = "not_network_members"


def composition_check(
    *,
    lead: Organisation,
    partners: Iterable[Organisation],
    rules: CompositionRules,
    network: Network | None = None,
) -> list[RuleFailure]:
    """Every rule of ``rules`` that the partnership of ``lead`` and
    ``partners`` fails, in a fixed order; an empty list means it complies.

    ``partners`` are the other organisations (the lead, if listed among
    them, is counted once). The counts include the lead. ``network`` is the
    ATS network whose membership ``rules.partners_must_be_network_members``
    requires (active or presumed confirmed members).
    """
    members = _distinct([lead, *partners])
    failures: list[RuleFailure] = []
    failure = _lead_typology_failure(lead, rules)
    if failure is not None:
        failures.append(failure)
    failures.extend(
        failure
        for failure in (
            _minimum_failure(
                FailureCode.MIN_PARTNERS,
                required=rules.min_partners,
                count=len(members),
                requirement=ngettext(
                    "Serve almeno %(required)d ente nel partenariato",
                    "Servono almeno %(required)d enti nel partenariato",
                    rules.min_partners,
                ),
            ),
            _minimum_failure(
                FailureCode.MIN_PUBLIC_PARTNERS,
                required=rules.min_public_partners,
                count=sum(1 for o in members if o.typology in PUBLIC_TYPOLOGIES),
                requirement=ngettext(
                    "Serve almeno %(required)d ente pubblico nel partenariato",
                    "Servono almeno %(required)d enti pubblici nel partenariato",
                    rules.min_public_partners,
                ),
            ),
            _minimum_failure(
                FailureCode.MIN_SMALL_FIRMS,
                required=rules.min_small_firms,
                count=sum(1 for o in members if is_small_firm(o)),
                requirement=ngettext(
                    "Serve almeno %(required)d micro o piccola impresa nel "
                    "partenariato",
                    "Servono almeno %(required)d micro o piccole imprese nel "
                    "partenariato",
                    rules.min_small_firms,
                ),
            ),
        )
        if failure is not None
    )
    if rules.partners_must_be_network_members:
        failures.extend(_network_failures(members, network))
    return failures


def alliance_check(
    *,
    alliance: Alliance,
    rules: CompositionRules,
    on: date | None = None,
    network: Network | None = None,
) -> list[RuleFailure]:
    """``composition_check`` of the alliance's partners: the current ones, or
    those in the alliance on the day ``on``.

    ``network`` defaults to the network of the alliance's ATS in the period
    of ``rules`` (none for rules that belong to no period).
    """
    partners = alliance_partners_on(alliance=alliance, on=on)
    if network is None and rules.partners_must_be_network_members:
        network = network_for(alliance=alliance, rules=rules)
    return composition_check(
        lead=alliance.lead,
        partners=[p.organisation for p in partners],
        rules=rules,
        network=network,
    )


def alliance_partners_on(
    *, alliance: Alliance, on: date | None = None
) -> list[Partner]:
    """The partners of ``alliance`` (lead included) current, or on day ``on``."""
    partners = Partner.objects.filter(alliance=alliance).select_related("organisation")
    if on is None:
        partners = partners.filter(left_on__isnull=True)
    else:
        partners = partners.filter(joined_on__lte=on).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=on)
        )
    return list(partners.order_by("pk"))


def network_for(*, alliance: Alliance, rules: CompositionRules) -> Network | None:
    """The network of the alliance's ATS in the period of ``rules``."""
    if rules.period_id is None:
        return None
    return (
        Network.objects.select_related("ats", "period")
        .filter(ats_id=alliance.ats_id, period_id=rules.period_id)
        .first()
    )


def is_small_firm(organisation: Organisation) -> bool:
    """A private company of micro or small size."""
    return (
        organisation.typology == Typology.PRIVATE_COMPANY
        and organisation.size_class in SMALL_FIRM_SIZES
    )


def _distinct(organisations: Sequence[Organisation]) -> list[Organisation]:
    seen: set[int] = set()
    unique = []
    for organisation in organisations:
        if organisation.pk not in seen:
            seen.add(organisation.pk)
            unique.append(organisation)
    return unique


def _lead_typology_failure(
    lead: Organisation, rules: CompositionRules
) -> RuleFailure | None:
    allowed = [str(value) for value in rules.lead_typologies or []]
    if lead.typology in allowed:
        return None
    labels = [
        str(Typology(value).label) for value in allowed if value in Typology.values
    ]
    if not labels:
        message = _(
            "Le regole non ammettono alcuna tipologia di ente come capofila: "
            "rivolgersi all'ATS."
        )
    else:
        message = _(
            "L'ente capofila deve appartenere a una di queste tipologie: "
            "%(allowed)s. %(lead)s è tra i «%(typology)s»."
        ) % {
            "allowed": "; ".join(f"«{label}»" for label in labels),
            "lead": lead.legal_name,
            "typology": lead.typology_label,
        }
    return RuleFailure(code=FailureCode.LEAD_TYPOLOGY, message=message)


def _minimum_failure(
    code: str, *, required: int, count: int, requirement: str
) -> RuleFailure | None:
    if count >= required:
        return None
    situation = ngettext("ce n'è %(count)d", "ce ne sono %(count)d", count) % {
        "count": count
    }
    message = _("%(requirement)s: %(situation)s.") % {
        "requirement": requirement % {"required": required},
        "situation": situation,
    }
    return RuleFailure(code=code, message=message)


def _network_failures(
    members: list[Organisation], network: Network | None
) -> list[RuleFailure]:
    if network is None:
        return [
            RuleFailure(
                code=FailureCode.NETWORK_MISSING,
                message=_(
                    "I partner devono aderire alla rete territoriale dell'ATS, "
                    "ma l'ATS non ha una rete per questo periodo."
                ),
            )
        ]
    member_ids = set(
        Membership.objects.filter(
            network=network,
            status__in=MEMBER_STATUSES,
            organisation_id__in=[o.pk for o in members],
        ).values_list("organisation_id", flat=True)
    )
    outside = [o.legal_name for o in members if o.pk not in member_ids]
    if not outside:
        return []
    message = ngettext(
        "Tutti i partner devono aderire alla %(network)s: non vi aderisce %(names)s.",
        "Tutti i partner devono aderire alla %(network)s: non vi aderiscono %(names)s.",
        len(outside),
    ) % {"network": network, "names": ", ".join(outside)}
    return [RuleFailure(code=FailureCode.NOT_NETWORK_MEMBERS, message=message)]
