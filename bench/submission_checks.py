"""The checks of bench/submissions.py, on what the database holds after the
burst: each returns the failures it found, as sentences."""

import math
from collections import defaultdict
from typing import Any


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p95 of 220 values: the 209th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def check_outcomes(*, call: Any, attempts: list[Any]) -> tuple[int, list[str]]:
    """(number of stored submissions, failures) for ``attempts`` on ``call``."""
    from conciliare.applications.models import (
        Application,
        ApplicationStatus,
        Submission,
    )

    stored = list(
        Submission.objects.filter(application__call=call).order_by("submitted_at", "pk")
    )
    failures: list[str] = []
    failures += _none_lost(attempts)
    failures += _stored_once(stored, attempts)
    failures += _deadline(call, stored, attempts)
    failures += _in_order(stored)
    failures += _retries(attempts)
    accepted_apps = {a.application_id for a in attempts if a.outcome == "accepted"}
    valid = {s.application_id: s.pk for s in stored if s.withdrawn_at is None}
    for application in Application.objects.filter(pk__in=accepted_apps):
        if application.status != ApplicationStatus.SUBMITTED or (
            application.current_submission_id != valid.get(application.pk)
        ):
            failures.append(
                f"application {application.pk} is {application.status} with "
                f"submission {application.current_submission_id}"
            )
    return len(stored), failures


def _none_lost(attempts: list[Any]) -> list[str]:
    failures = []
    errors = [a for a in attempts if a.outcome == "error"]
    if errors:
        failures.append(
            f"{len(errors)} requests failed otherwise, e.g. {errors[0].error}"
        )
    unanswered = [a for a in attempts if a.outcome not in ("accepted", "closed")]
    accepted = sum(a.outcome == "accepted" for a in attempts)
    closed = sum(a.outcome == "closed" for a in attempts)
    if accepted + closed != len(attempts):
        failures.append(
            f"accepted {accepted} + refused {closed} != attempted {len(attempts)} "
            f"({len(unanswered)} without an answer)"
        )
    return failures


def _stored_once(stored: list[Any], attempts: list[Any]) -> list[str]:
    failures = []
    per_application: dict[int, list[Any]] = defaultdict(list)
    for submission in stored:
        per_application[submission.application_id].append(submission)
    for application_id, submissions in per_application.items():
        if len(submissions) != 1:
            failures.append(
                f"application {application_id} stored {len(submissions)} times"
            )
    accepted = {a.application_id for a in attempts if a.outcome == "accepted"}
    if set(per_application) != accepted:
        failures.append(
            f"{len(set(per_application) - accepted)} stored without an accepted "
            f"answer, {len(accepted - set(per_application))} accepted and not stored"
        )
    by_key = {s.key: s for s in stored}
    for attempt in attempts:
        if attempt.outcome != "accepted":
            continue
        submission = by_key.get(attempt.key)
        if submission is None or (submission.pk, submission.application_id) != (
            attempt.submission_id,
            attempt.application_id,
        ):
            failures.append(
                f"request {attempt.slot} was answered with submission "
                f"{attempt.submission_id}, not the one stored with its key"
            )
    return failures


def _deadline(call: Any, stored: list[Any], attempts: list[Any]) -> list[str]:
    """Received in time: stored (or the same key was); late: never stored."""
    failures = []
    stored_keys = {s.key for s in stored}
    for attempt in attempts:
        in_time = attempt.received_at < call.closes_at
        if in_time and attempt.outcome == "closed":
            failures.append(f"request {attempt.slot} received in time was refused")
        if in_time and attempt.key not in stored_keys:
            failures.append(f"request {attempt.slot} received in time was lost")
    failures += [
        f"{s.protocol_number} received after the close"
        for s in stored
        if s.received_at >= call.closes_at
    ]
    received = {a.received_at for a in attempts}
    failures += [
        f"{s.protocol_number} carries a time no request had"
        for s in stored
        if s.received_at not in received
    ]
    return failures


def _in_order(stored: list[Any]) -> list[str]:
    """Protocol numbers unique and increasing in (submitted_at, pk) order."""
    numbers = [int(s.protocol_number.rsplit("-", 1)[1]) for s in stored]
    failures = []
    if len(set(numbers)) != len(numbers):
        failures.append("two submissions share a protocol number")
    if numbers != sorted(numbers):
        failures.append("protocol numbers are not in the order of submission time")
    return failures


def _retries(attempts: list[Any]) -> list[str]:
    per_key: dict[Any, list[Any]] = defaultdict(list)
    for attempt in attempts:
        per_key[attempt.key].append(attempt)
    failures = []
    for key, same in per_key.items():
        answers = {a.submission_id for a in same if a.outcome == "accepted"}
        if len(answers) > 1:
            failures.append(f"key {key} answered with {len(answers)} submissions")
    return failures
