"""The automatic pre-checks of the admissibility check: the call's rules,
grouped as the officers read them, run over a submitted application.

The rules themselves are the applications' checker
(``applications.checks.application_check``): its failures are sorted into
the groups below; only the deadline (the server's receipt time against the
call's close time) is checked here. Each result is stored in
``ApplicationReview.prechecks`` as ``{"code", "label", "passed", "detail"}``.
"""

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conciliare.applications.checks import CheckFailure, application_check
from conciliare.applications.models import Application
from conciliare.partnerships.composition import FailureCode

DEADLINE = "deadline"
ATTACHMENTS = "attachments"
LEAD = "lead_eligibility"
PARTNERSHIP = "partnership"
COFINANCING = "cofinancing"
GRANT = "grant_limits"
ACTIVITIES = "activities_period"
CONTENT = "content"

#: The checker's failure codes, by the pre-check they fail.
CODE_GROUPS: dict[str, str] = {
    "missing_attachment": ATTACHMENTS,
    FailureCode.LEAD_TYPOLOGY: LEAD,
    FailureCode.MIN_PARTNERS: PARTNERSHIP,
    FailureCode.MIN_PUBLIC_PARTNERS: PARTNERSHIP,
    FailureCode.MIN_SMALL_FIRMS: PARTNERSHIP,
    FailureCode.NETWORK_MISSING: PARTNERSHIP,
    FailureCode.NOT_NETWORK_MEMBERS: PARTNERSHIP,
    "action_responsible_not_partner": PARTNERSHIP,
    "budget_not_partner": PARTNERSHIP,
    "cofinancing_below_minimum": COFINANCING,
    "grant_above_maximum": GRANT,
    "grant_below_minimum": GRANT,
    "missing_dates": ACTIVITIES,
    "ends_too_late": ACTIVITIES,
    "action_outside_project": ACTIVITIES,
}


def precheck_labels() -> dict[str, str]:
    return {
        DEADLINE: _("Domanda ricevuta entro la scadenza"),
        ATTACHMENTS: _("Allegati obbligatori presenti"),
        LEAD: _("Ente capofila ammissibile"),
        PARTNERSHIP: _("Composizione del partenariato"),
        COFINANCING: _("Quota di cofinanziamento"),
        GRANT: _("Contributo entro i limiti dell'avviso"),
        ACTIVITIES: _("Attività entro il termine dell'avviso"),
        CONTENT: _("Completezza della domanda"),
    }


def application_prechecks(application: Application) -> list[dict[str, Any]]:
    """The pre-checks of ``application``'s valid submission, in a fixed order."""
    submission = application.current_submission
    if submission is None:
        raise ValueError("only submitted applications are reviewed")
    call = application.call
    labels = precheck_labels()
    on_time = submission.received_at < call.closes_at
    received = date_format(
        timezone.localtime(submission.received_at), "SHORT_DATETIME_FORMAT"
    )
    closes = date_format(timezone.localtime(call.closes_at), "SHORT_DATETIME_FORMAT")
    results = [
        _result(
            DEADLINE,
            labels[DEADLINE],
            [
                _("Ricevuta il %(received)s: la scadenza era il %(closes)s.")
                % {"received": received, "closes": closes}
            ]
            if not on_time
            else [],
            passed_detail=_("Ricevuta il %(received)s (scadenza %(closes)s).")
            % {"received": received, "closes": closes},
        )
    ]
    failures = application_check(
        application, on=timezone.localdate(submission.received_at)
    )
    grouped = _group(failures)
    results += [
        _result(code, labels[code], grouped.get(code, []))
        for code in (ATTACHMENTS, LEAD, PARTNERSHIP, COFINANCING, GRANT, ACTIVITIES)
    ]
    if grouped.get(CONTENT):
        results.append(_result(CONTENT, labels[CONTENT], grouped[CONTENT]))
    return results


def failed_count(prechecks: list[dict[str, Any]]) -> int:
    return sum(1 for check in prechecks if not check.get("passed"))


def _group(failures: list[CheckFailure]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for failure in failures:
        grouped.setdefault(CODE_GROUPS.get(failure.code, CONTENT), []).append(
            failure.message
        )
    return grouped


def _result(
    code: str, label: str, messages: list[str], *, passed_detail: str = ""
) -> dict[str, Any]:
    return {
        "code": code,
        "label": label,
        "passed": not messages,
        "detail": " ".join(messages) if messages else passed_detail,
    }
