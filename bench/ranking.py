"""The ranking of a call with 1,000 admissible applications, on PostgreSQL.

    uv run python bench/ranking.py [--applications 1000] [--evaluators 10]
        [--runs 5] [--database-url postgres://postgres@127.0.0.1:5432/conciliare_bench_ranking]

Builds a dedicated database (its name must contain ``bench``; dropped and
recreated), one call of ATS Milano in evaluation, and ``--applications``
submitted applications, each admissible with ``--evaluators`` committee
members' scores on every criterion and the committee's consensus: one
application is made by the real services (the test factories), the others
are copies of it written in bulk, so that the set-up takes seconds. Scores
are random but seeded, with many ties on the total, so the tie-breaks work.

Then it times ``ranking_compute`` (the first computation and recomputations
of the draft, each in its own transaction) and ``allocate`` alone, and
prints the figures. Not a timed test: a figure to watch, reported by
``make bench``. Exits 0, or 2 when the run could not be set up.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import BenchError, Database, manage  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/conciliare_bench_ranking"
BATCH = 1000


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--evaluators", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    return parser.parse_args(argv)


def prepare(options: argparse.Namespace, media_root: str) -> None:
    """A fresh, migrated database; Django set up in this process on it."""
    database = Database.from_url(options.database_url)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DATABASE_URL": options.database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_CACHE_URL": "locmemcache://",
            "DJANGO_MEDIA_ROOT": media_root,
        }
    )
    print(f"database {database.name}: recreate and migrate", flush=True)
    database.recreate(drop=True)
    manage(dict(os.environ), "migrate", "--no-input", capture=True)
    import django
    from django.conf import settings

    django.setup()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build(options: argparse.Namespace) -> Any:
    """The call in evaluation, its applications, reviews, scores, consensus."""
    from django.db import transaction
    from django.utils import timezone

    from conciliare.accounts.models import Role
    from conciliare.accounts.tests.factories import make_user
    from conciliare.applications.models import (
        Application,
        ApplicationStatus,
        Submission,
    )
    from conciliare.calls.models import Call, CallStatus
    from conciliare.partnerships.models import Alliance
    from conciliare.registry.models import Organisation
    from conciliare.reviews.models import (
        AdmissibilityStatus,
        ApplicationReview,
        ConflictStatus,
        ConsensusScore,
        CriterionScore,
        EvaluatorAssignment,
    )
    from conciliare.reviews.tests.factories import closed_call, make_seat

    rng = random.Random(options.seed)
    started = time.perf_counter()
    call, submitted = closed_call(
        applications=1,
        total_budget=Decimal("20000000.00"),
        system_action_share=Decimal("20.00"),
    )
    template = submitted[0].application
    submission = template.current_submission
    assert submission is not None
    alliance = template.alliance
    lead = alliance.lead
    periods = list(alliance.periods.all())
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    seats = [make_seat(call=call) for _ in range(options.evaluators)]
    criteria = list(call.criteria.order_by("position"))
    now = timezone.now()
    count = options.applications - 1
    with transaction.atomic():
        organisations = []
        for i in range(count):
            organisations.append(
                Organisation(
                    **{
                        f.attname: getattr(lead, f.attname)
                        for f in Organisation._meta.concrete_fields
                        if not f.primary_key
                    }
                )
            )
            organisations[-1].tax_code = f"B{i:010d}"
            organisations[-1].legal_name = f"Ente capofila {i + 2}"
        Organisation.objects.bulk_create(organisations, batch_size=BATCH)
        alliances = [
            Alliance(
                **{
                    **_fields(alliance),
                    "lead_id": organisation.pk,
                    "name": f"Alleanza {i + 2}",
                    "slug": f"alleanza-bench-{i + 2}",
                }
            )
            for i, organisation in enumerate(organisations)
        ]
        Alliance.objects.bulk_create(alliances, batch_size=BATCH)
        through = Alliance.periods.through
        through.objects.bulk_create(
            [
                through(alliance_id=a.pk, programmingperiod_id=p.pk)
                for a in alliances
                for p in periods
            ],
            batch_size=BATCH,
        )
        applications = [
            Application(
                **{
                    **_fields(template),
                    "alliance_id": a.pk,
                    "current_submission_id": None,
                    "status": ApplicationStatus.DRAFT,
                    "submitted_at": None,
                    "title": f"Progetto {i + 2}",
                }
            )
            for i, a in enumerate(alliances)
        ]
        Application.objects.bulk_create(applications, batch_size=BATCH)
        submissions = []
        for i, application in enumerate(applications):
            grant = Decimal(rng.randrange(10000, 50001, 500))
            moment = submission.submitted_at - timedelta(seconds=i + 1)
            submissions.append(
                Submission(
                    **{
                        **_fields(submission),
                        "application_id": application.pk,
                        "protocol_number": f"BENCH-{i + 2:06d}",
                        "grant_requested": grant,
                        "total_cost": grant * 2,
                        "submitted_at": moment,
                        "received_at": moment,
                        "receipt_id": None,
                    }
                )
            )
        Submission.objects.bulk_create(submissions, batch_size=BATCH)
        for application, item in zip(applications, submissions, strict=True):
            application.current_submission_id = item.pk
            application.status = ApplicationStatus.SUBMITTED
            application.submitted_at = item.submitted_at
        Application.objects.bulk_update(
            applications,
            ["current_submission", "status", "submitted_at"],
            batch_size=BATCH,
        )
        everyone = [template, *applications]
        reviews = [
            ApplicationReview(
                application_id=application.pk,
                call_id=call.pk,
                ats_id=call.ats_id,
                status=AdmissibilityStatus.ADMISSIBLE,
                decided_by=officer,
                decided_at=now,
            )
            for application in everyone
        ]
        ApplicationReview.objects.bulk_create(reviews, batch_size=BATCH)
        assignments = [
            EvaluatorAssignment(
                review_id=review.pk,
                seat_id=seat.pk,
                evaluator_id=seat.user_id,
                assigned_by=officer,
                assigned_at=now,
                conflict_status=ConflictStatus.NONE,
                conflict_declared_at=now,
                submitted_at=now,
            )
            for review in reviews
            for seat in seats
        ]
        EvaluatorAssignment.objects.bulk_create(assignments, batch_size=BATCH)
        CriterionScore.objects.bulk_create(
            (
                CriterionScore(
                    assignment_id=assignment.pk,
                    criterion_id=criterion.pk,
                    points=Decimal(rng.randint(0, int(criterion.max_points))),
                    comment="Valutazione di prova.",
                )
                for assignment in assignments
                for criterion in criteria
            ),
            batch_size=BATCH * 5,
        )
        consensus = []
        for review in reviews:
            total = Decimal(0)
            for criterion in criteria:
                # coarse points: many equal totals, for the tie-breaks
                points = Decimal(rng.randint(2, int(criterion.max_points) // 2) * 2)
                total += points * criterion.weight
                consensus.append(
                    ConsensusScore(
                        review_id=review.pk,
                        criterion_id=criterion.pk,
                        points=points,
                        justification="Concordato.",
                        recorded_by=officer,
                        recorded_at=now,
                    )
                )
            review.total_score = total
            review.consensus_recorded_at = now
            review.consensus_recorded_by = officer
        ConsensusScore.objects.bulk_create(consensus, batch_size=BATCH * 5)
        ApplicationReview.objects.bulk_update(
            reviews,
            ["total_score", "consensus_recorded_at", "consensus_recorded_by"],
            batch_size=BATCH,
        )
        Call.objects.filter(pk=call.pk).update(status=CallStatus.IN_EVALUATION)
    call.refresh_from_db()
    elapsed = time.perf_counter() - started
    print(
        f"  {len(everyone)} applications, {len(assignments)} evaluations, "
        f"{len(assignments) * len(criteria)} scores ready ({elapsed:.0f} s)",
        flush=True,
    )
    return call, officer


def _fields(obj: Any) -> dict[str, Any]:
    return {
        f.attname: getattr(obj, f.attname)
        for f in type(obj)._meta.concrete_fields
        if not f.primary_key
    }


def measure(options: argparse.Namespace, call: Any, officer: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conciliare.reviews.allocation import allocate
    from conciliare.reviews.models import RankingEntry
    from conciliare.reviews.ranking_services import ranking_compute

    compute_ms = []
    queries = 0
    for run in range(options.runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            ranking = ranking_compute(actor=officer, call=call)
            compute_ms.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
        label = "compute" if run == 0 else "recompute"
        print(f"  {label}: {compute_ms[-1]:.0f} ms, {queries} queries", flush=True)
    caps = [
        entry.grant_requested
        for entry in RankingEntry.objects.filter(
            ranking=ranking, below_min_score=False, position__isnull=False
        ).order_by("position")
    ]
    allocate_ms = []
    for _run in range(max(options.runs, 20)):
        started = time.perf_counter()
        allocate(budget=ranking.budget, caps=caps, allow_partial=True)
        allocate_ms.append((time.perf_counter() - started) * 1000)
    funded = RankingEntry.objects.filter(ranking=ranking, grant_awarded__gt=0).count()
    return {
        "applications": options.applications,
        "evaluators": options.evaluators,
        "compute_ms_first": compute_ms[0],
        "compute_ms_median": statistics.median(compute_ms),
        "compute_ms_max": max(compute_ms),
        "queries": queries,
        "allocate_ms_median": statistics.median(allocate_ms),
        "fundable": len(caps),
        "funded": funded,
        "allocated": str(ranking.allocated),
        "budget": str(ranking.budget),
    }


def main(argv: list[str]) -> int:
    options = parse(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ranking-") as media_root:
        try:
            prepare(options, media_root)
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 2
        call, officer = build(options)
        figures = measure(options, call, officer)
    print(
        f"ranking of {figures['applications']} applications "
        f"({figures['evaluators']} evaluators each): "
        f"compute {figures['compute_ms_first']:.0f} ms first, "
        f"median {figures['compute_ms_median']:.0f} ms over {options.runs} runs, "
        f"{figures['queries']} queries; allocation alone "
        f"{figures['allocate_ms_median']:.2f} ms; {figures['funded']} of "
        f"{figures['fundable']} fundable funded, {figures['allocated']} of "
        f"{figures['budget']} EUR",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
