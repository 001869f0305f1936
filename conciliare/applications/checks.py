"""The checker: every rule of the call an application does not meet, in
plain language, with the section of the form where to fix it.

The same function runs on the draft page (so the lead body sees what is
missing before trying) and inside the submission service (so nothing that
fails a rule is ever accepted). The rules come from the call: the same
application may pass one call and fail another.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conciliare.applications.models import Application
from conciliare.calls.models import Call
from conciliare.core.money import cents, euro, percent, share_of
from conciliare.partnerships.composition import alliance_partners_on, composition_check
from conciliare.partnerships.models import Partner
from conciliare.registry.models import Network


class Section:
    """The parts of the application form a failure points to."""

    GENERAL = "generale"
    ACTIONS = "azioni"
    TARGETS = "destinatari"
    BUDGET = "budget"
    ATTACHMENTS = "allegati"
    PARTNERS = "partner"


@dataclass(frozen=True)
class CheckFailure:
    code: str
    section: str
    message: str


@dataclass(frozen=True)
class BudgetTotals:
    cost: Decimal
    grant_requested: Decimal
    cofinancing: Decimal

    @property
    def cofinancing_share(self) -> Decimal:
        """Co-financing as a percentage of the total cost (exact)."""
        return share_of(self.cofinancing, self.cost)


def budget_totals(application: Application) -> BudgetTotals:
    """The budget's totals, added up by the database."""
    sums = application.budget_lines.aggregate(
        cost=Sum("cost"), grant=Sum("grant_requested"), cofinancing=Sum("cofinancing")
    )
    return BudgetTotals(
        cost=cents(sums["cost"]),
        grant_requested=cents(sums["grant"]),
        cofinancing=cents(sums["cofinancing"]),
    )


def application_check(
    application: Application, *, on: date | None = None
) -> list[CheckFailure]:
    """Every rule of ``application.call`` the application fails, in the order
    of the form's sections. An empty list means it may be submitted."""
    call = application.call
    failures: list[CheckFailure] = []
    failures += _general_failures(application, call)
    partners = alliance_partners_on(alliance=application.alliance, on=on)
    partner_ids = {p.organisation_id for p in partners}
    failures += _action_failures(application, partner_ids)
    failures += _target_failures(application)
    failures += _budget_failures(application, call, partner_ids)
    failures += _attachment_failures(application, call)
    failures += _partnership_failures(application, call, partners)
    return failures


def _fail(code: str, section: str, message: str) -> CheckFailure:
    return CheckFailure(code=code, section=section, message=message)


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _general_failures(application: Application, call: Call) -> list[CheckFailure]:
    failures = []
    for name, message in (
        ("title", _("Indicare il titolo del progetto.")),
        ("summary", _("Scrivere la sintesi del progetto.")),
        ("objectives", _("Descrivere gli obiettivi del progetto.")),
    ):
        if not getattr(application, name).strip():
            failures.append(_fail(f"missing_{name}", Section.GENERAL, message))
    areas = list(application.areas.all())
    admitted = {area.pk for area in call.areas.all()}
    if not areas:
        failures.append(
            _fail(
                "missing_areas",
                Section.GENERAL,
                _("Scegliere almeno un'area di intervento."),
            )
        )
    outside = [str(area) for area in areas if area.pk not in admitted]
    if outside:
        failures.append(
            _fail(
                "area_not_admitted",
                Section.GENERAL,
                _("L'avviso non ammette queste aree di intervento: %(areas)s.")
                % {"areas": "; ".join(outside)},
            )
        )
    if application.starts_on is None or application.ends_on is None:
        failures.append(
            _fail(
                "missing_dates",
                Section.GENERAL,
                _("Indicare le date di inizio e di fine delle attività."),
            )
        )
    elif application.ends_on > call.activities_end_by:
        failures.append(
            _fail(
                "ends_too_late",
                Section.GENERAL,
                _(
                    "Le attività devono concludersi entro il %(limit)s: "
                    "la domanda indica il %(ends)s."
                )
                % {
                    "limit": _day(call.activities_end_by),
                    "ends": _day(application.ends_on),
                },
            )
        )
    return failures


def _action_failures(
    application: Application, partner_ids: set[int]
) -> list[CheckFailure]:
    actions = list(application.actions.select_related("responsible"))
    if not actions:
        return [
            _fail(
                "missing_actions",
                Section.ACTIONS,
                _("Descrivere almeno un'azione del progetto."),
            )
        ]
    failures = []
    for action in actions:
        if (
            application.starts_on
            and application.ends_on
            and (
                action.starts_on < application.starts_on
                or action.ends_on > application.ends_on
            )
        ):
            failures.append(
                _fail(
                    "action_outside_project",
                    Section.ACTIONS,
                    _(
                        "L'azione «%(action)s» esce dal periodo delle attività del progetto."
                    )
                    % {"action": action.title},
                )
            )
        if action.responsible_id not in partner_ids:
            failures.append(
                _fail(
                    "action_responsible_not_partner",
                    Section.ACTIONS,
                    _(
                        "Il responsabile dell'azione «%(action)s», %(organisation)s, "
                        "non è un partner dell'alleanza."
                    )
                    % {
                        "action": action.title,
                        "organisation": action.responsible.legal_name,
                    },
                )
            )
    return failures


def _target_failures(application: Application) -> list[CheckFailure]:
    failures = []
    reached = application.target_groups.aggregate(total=Sum("expected_beneficiaries"))
    if not reached["total"]:
        failures.append(
            _fail(
                "missing_targets",
                Section.TARGETS,
                _(
                    "Indicare i destinatari e quanti beneficiari si prevede di raggiungere."
                ),
            )
        )
    if not application.indicators.exists():
        failures.append(
            _fail(
                "missing_indicators",
                Section.TARGETS,
                _(
                    "Indicare almeno un indicatore di risultato con valore di partenza e obiettivo."
                ),
            )
        )
    return failures


def _budget_failures(
    application: Application, call: Call, partner_ids: set[int]
) -> list[CheckFailure]:
    totals = budget_totals(application)
    if not totals.cost:
        return [
            _fail(
                "missing_budget",
                Section.BUDGET,
                _("Compilare il piano economico del progetto."),
            )
        ]
    failures = []
    if totals.grant_requested > call.max_grant:
        failures.append(
            _fail(
                "grant_above_maximum",
                Section.BUDGET,
                _(
                    "Il contributo richiesto, %(grant)s, supera il massimo dell'avviso di %(max)s."
                )
                % {"grant": euro(totals.grant_requested), "max": euro(call.max_grant)},
            )
        )
    if totals.grant_requested < call.min_grant:
        failures.append(
            _fail(
                "grant_below_minimum",
                Section.BUDGET,
                _(
                    "Il contributo richiesto, %(grant)s, è inferiore al minimo dell'avviso di %(min)s."
                )
                % {"grant": euro(totals.grant_requested), "min": euro(call.min_grant)},
            )
        )
    # exact: cofinancing / cost >= share / 100, without rounding either side
    if totals.cofinancing * 100 < call.min_cofinancing_share * totals.cost:
        failures.append(
            _fail(
                "cofinancing_below_minimum",
                Section.BUDGET,
                _(
                    "Il cofinanziamento dei partner è il %(share)s del costo totale "
                    "(%(cofinancing)s su %(cost)s): l'avviso chiede almeno il %(minimum)s."
                )
                % {
                    "share": percent(totals.cofinancing_share),
                    "cofinancing": euro(totals.cofinancing),
                    "cost": euro(totals.cost),
                    "minimum": percent(call.min_cofinancing_share),
                },
            )
        )
    outsiders = (
        application.budget_lines.exclude(organisation_id__in=partner_ids)
        .values_list("organisation__legal_name", flat=True)
        .distinct()
    )
    failures.extend(
        _fail(
            "budget_not_partner",
            Section.BUDGET,
            _("%(organisation)s ha voci di spesa ma non è un partner dell'alleanza.")
            % {"organisation": name},
        )
        for name in outsiders
    )
    return failures


def _attachment_failures(application: Application, call: Call) -> list[CheckFailure]:
    attached = set(
        application.attachments.filter(requirement__isnull=False).values_list(
            "requirement_id", flat=True
        )
    )
    return [
        _fail(
            "missing_attachment",
            Section.ATTACHMENTS,
            _("Manca l'allegato obbligatorio «%(name)s».") % {"name": requirement.name},
        )
        for requirement in call.required_attachments.all()
        if requirement.is_mandatory and requirement.pk not in attached
    ]


def _partnership_failures(
    application: Application, call: Call, partners: list[Partner]
) -> list[CheckFailure]:
    """The call's composition rules over the alliance's current partners; the
    network is the ATS's network of the call's period."""
    rules = call.composition_rules
    network = None
    if rules.partners_must_be_network_members:
        network = Network.objects.filter(
            ats_id=application.ats_id, period_id=call.period_id
        ).first()
    return [
        _fail(failure.code, Section.PARTNERS, failure.message)
        for failure in composition_check(
            lead=application.alliance.lead,
            partners=[p.organisation for p in partners],
            rules=rules,
            network=network,
        )
    ]


def count_message(count: int) -> str:
    return ngettext(
        "%(count)d requisito non rispettato",
        "%(count)d requisiti non rispettati",
        count,
    ) % {"count": count}
