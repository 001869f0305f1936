"""What a new call starts from: the documented examples, as data the ATS
then changes (DOMAIN.md 4: "parameters of the call").

- the composition rules of the call's period (partnerships.CompositionRules);
- the budget split of ATS Brianza's call: 80% to the alliances' projects,
  20% to the ATS's system action;
- a co-financing of at least 30% of the total cost (the 2017-2019 partner
  co-financing, and the 2022 regional call's grant of at most 70% of cost);
- a grant of at most EUR 50,000 (the 2022 regional call);
- activities ending by the period's date (31/05/2023 for 2020-2023).

No source publishes the evaluation criteria or the required attachments of
a 2020-2023 call: the defaults below are a plain starting point for the ATS
to edit, and say so in ``docs/rules-as-data.md``.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import TypedDict

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


class CriterionData(TypedDict):
    name: str | Promise
    description: str | Promise
    max_points: Decimal
    weight: Decimal


class AttachmentData(TypedDict):
    name: str | Promise
    description: str | Promise
    is_mandatory: bool


DEFAULT_CRITERIA: tuple[CriterionData, ...] = (
    {
        "name": _("Coerenza con il Documento Territoriale di Indirizzo"),
        "description": _("Risposta ai bisogni e alle priorità individuati dal DTI."),
        "max_points": Decimal(25),
        "weight": Decimal(1),
    },
    {
        "name": _("Qualità del progetto"),
        "description": _("Chiarezza degli obiettivi, delle azioni e dei tempi."),
        "max_points": Decimal(25),
        "weight": Decimal(1),
    },
    {
        "name": _("Partenariato"),
        "description": _(
            "Composizione, ruoli dei partner e radicamento nel territorio."
        ),
        "max_points": Decimal(20),
        "weight": Decimal(1),
    },
    {
        "name": _("Sostenibilità economica e cofinanziamento"),
        "description": _("Congruità dei costi e quota di cofinanziamento."),
        "max_points": Decimal(15),
        "weight": Decimal(1),
    },
    {
        "name": _("Innovazione e continuità"),
        "description": _("Elementi innovativi e prosecuzione oltre il finanziamento."),
        "max_points": Decimal(15),
        "weight": Decimal(1),
    },
)

DEFAULT_ATTACHMENTS: tuple[AttachmentData, ...] = (
    {
        "name": _("Accordo di partenariato sottoscritto"),
        "description": _("L'accordo tra il capofila e i partner, firmato da tutti."),
        "is_mandatory": True,
    },
    {
        "name": _("Dichiarazioni sottoscritte dei partner"),
        "description": _(
            "Le dichiarazioni di adesione al progetto e di cofinanziamento dei partner."
        ),
        "is_mandatory": True,
    },
)

DEFAULT_SYSTEM_ACTION_SHARE = Decimal("20.00")
DEFAULT_MIN_COFINANCING_SHARE = Decimal("30.00")
DEFAULT_MAX_GRANT = Decimal("50000.00")
DEFAULT_MIN_SCORE = Decimal("60.00")


def budget_split(
    *, total: Decimal, system_action_share: Decimal
) -> tuple[Decimal, Decimal]:
    """(projects, system action) of ``total``: the system action's share
    rounded to the cent, the projects the rest, so the two add up exactly.

    ATS Brianza: 337,126.00 at 20% -> (269,700.80, 67,425.20).
    """
    system_action = (total * system_action_share / 100).quantize(CENT, ROUND_HALF_UP)
    return total - system_action, system_action
