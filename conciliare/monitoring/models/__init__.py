"""What happens to a funded project after its agreement: the monitoring
reports with their indicators, the expenditure statements with the ATS's
checks, and the payments, revocations and recoveries."""

from conciliare.monitoring.models.expenditure import (
    ExpenditureStatement,
    Expense,
    ExpenseCheck,
    ExpenseEvidence,
    StatementKind,
    StatementStatus,
    Verification,
)
from conciliare.monitoring.models.payments import (
    Payment,
    PaymentKind,
    Recovery,
    Revocation,
)
from conciliare.monitoring.models.reminders import ReminderKind, ReportReminder
from conciliare.monitoring.models.reports import (
    MonitoringReport,
    ReportAttachment,
    ReportIndicatorValue,
    ReportKind,
    ReportReach,
    ReportStatus,
)

__all__ = [
    "ExpenditureStatement",
    "Expense",
    "ExpenseCheck",
    "ExpenseEvidence",
    "MonitoringReport",
    "Payment",
    "PaymentKind",
    "Recovery",
    "ReminderKind",
    "ReportAttachment",
    "ReportIndicatorValue",
    "ReportKind",
    "ReportReach",
    "ReportReminder",
    "ReportStatus",
    "Revocation",
    "StatementKind",
    "StatementStatus",
    "Verification",
]
