"""An expense as the lead body declares it on a statement: its data, the
first day an expense of the project may bear, and the checks of each field
before it is stored (the ATS's check of eligibility comes later)."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from django.utils.translation import gettext as _

from conciliare.applications.models import BudgetCategory
from conciliare.core.money import CENT
from conciliare.monitoring.models import ExpenditureStatement, Expense, ExpenseEvidence
from conciliare.monitoring.statement_selectors import statement_organisations
from conciliare.projects.models import Project
from conciliare.registry.models import Organisation

_AMOUNT_MAX = Decimal("9999999999.99")


class ExpenseData(TypedDict):
    organisation: Organisation | None
    category: str
    description: str
    supplier: str
    evidence: str
    document_number: str
    document_date: date | None
    amount: Decimal | None


def expenses_from(project: Project) -> date | None:
    """The first day an expense of ``project`` may bear: the signature of
    the agreement or the start of the activities, whichever came first."""
    agreement = getattr(project, "agreement", None)
    days = [
        day
        for day in (getattr(agreement, "signed_on", None), project.starts_on)
        if day is not None
    ]
    return min(days) if days else None


def expense_build(
    statement: ExpenditureStatement, data: ExpenseData
) -> tuple[Expense, dict[str, list[str]]]:
    """The unsaved expense of ``data`` and the errors of each field."""
    errors: dict[str, list[str]] = {}
    project = statement.project
    organisation = data.get("organisation")
    if organisation is None:
        errors["organisation"] = [_("Indicare il partner che ha sostenuto la spesa.")]
    elif not statement_organisations(project).filter(pk=organisation.pk).exists():
        errors["organisation"] = [
            _(
                "%(name)s non è l'ente capofila né un partner dell'alleanza: "
                "rendicontare solo le spese dei partner."
            )
            % {"name": organisation.legal_name}
        ]
    category = data.get("category") or ""
    if category not in BudgetCategory.values:
        errors["category"] = [_("Scegliere la voce di spesa.")]
    evidence = data.get("evidence") or ""
    if evidence not in ExpenseEvidence.values:
        errors["evidence"] = [_("Indicare il tipo di giustificativo.")]
    description = (data.get("description") or "").strip()
    if not description:
        errors["description"] = [_("Descrivere la spesa.")]
    document_number = (data.get("document_number") or "").strip()
    if not document_number:
        errors["document_number"] = [
            _("Indicare il numero del documento giustificativo.")
        ]
    document_date = data.get("document_date")
    first = expenses_from(project)
    if document_date is None:
        errors["document_date"] = [_("Indicare la data del documento.")]
    elif document_date > statement.period_end:
        errors["document_date"] = [
            _(
                "La data del documento è successiva alla fine del periodo del "
                "rendiconto (%(date)s)."
            )
            % {"date": f"{statement.period_end:%d/%m/%Y}"}
        ]
    elif first is not None and document_date < first:
        errors["document_date"] = [
            _(
                "La spesa è anteriore alla firma della convenzione e all'avvio "
                "delle attività (%(date)s): non è rendicontabile."
            )
            % {"date": f"{first:%d/%m/%Y}"}
        ]
    amount = _amount_check(data.get("amount"), errors)
    fields: dict[str, Any] = {
        "statement": statement,
        "organisation": organisation,
        "category": category,
        "description": description[:255],
        "supplier": (data.get("supplier") or "").strip()[:255],
        "evidence": evidence or ExpenseEvidence.INVOICE,
        "document_number": document_number[:60],
        "document_date": document_date,
        "amount": amount,
    }
    expense = Expense(**fields)
    return expense, errors


def _amount_check(value: Any, errors: dict[str, list[str]]) -> Decimal | None:
    """``value`` as an amount in euro to the cent, greater than zero."""
    if value is None or value == "":
        errors["amount"] = [_("Indicare l'importo della spesa.")]
        return None
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        errors["amount"] = [_("Indicare un importo in euro, ad esempio 1.250,00.")]
        return None
    if not amount.is_finite():
        errors["amount"] = [_("Indicare un importo in euro, ad esempio 1.250,00.")]
        return None
    if amount <= 0:
        errors["amount"] = [_("L'importo deve essere maggiore di zero.")]
    elif amount != amount.quantize(CENT):
        errors["amount"] = [_("Indicare l'importo al centesimo (due decimali).")]
    elif amount > _AMOUNT_MAX:
        errors["amount"] = [_("L'importo è troppo grande.")]
    return amount
