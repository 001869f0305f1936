"""200 concurrent submissions to one call at its close time, on PostgreSQL.

    uv run python bench/submissions.py [--applications 200] [--retries 20]
        [--workers 8] [--window 1.0] [--late-share 0.1] [--stamp-at arrival]

Builds a dedicated database (its name must contain ``bench``; dropped and
recreated), one open call of ATS Milano and complete applications of as many
alliances, then lets the requests arrive around the close time: each at a
random moment of a ``--window`` that ends just after the close time
(``--late-share`` of it after), and ``--retries`` of them sent twice with
the same key (a double click, a client retrying). ``--workers`` processes,
one request at a time each and each with its own database connection (as
gunicorn's sync workers), serve them through ``application_submit``; the
request's ``received_at`` is its arrival time (``--stamp-at arrival``, as a
front end stamps it) or the moment a worker takes it (``pickup``, as the
view does when it is not given one).

Then it checks, on the database: every accepted submission stored exactly
once, with the key it was sent with; none lost (accepted + refused after
the close == attempted, no other outcome); a request received in time never
refused, one received late never stored; protocol numbers unique and
increasing in the order of the submission times; a repeated key answered
with the same submission. It reports p50/p95/max latency from arrival to
answer, and exits 0 when every check holds, 1 when one fails, 2 when the
run could not be set up. Results in bench/results/submissions.json; see
bench/README.md.
"""

import argparse
import json
import multiprocessing
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import BenchError, Database, machine_busy, manage  # noqa: E402
from bench.submission_checks import check_outcomes  # noqa: E402
from bench.submission_report import Report, show, summarise  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/conciliare_bench_submissions"
RESULTS = ROOT / "bench" / "results"
#: Seconds between the end of the set-up and the first arrival.
LEAD_SECONDS = 2.0


@dataclass
class Attempt:
    """One request: which application, with which key, when it arrives."""

    slot: int
    application_id: int
    key: uuid.UUID
    offset: float  # seconds from the close time (negative: before)
    is_retry: bool = False
    arrived_at: datetime | None = None  # wall clock
    received_at: datetime | None = None  # what the service was given
    arrived: float = 0.0  # monotonic clock
    picked: float = 0.0
    answered: float = 0.0
    outcome: str = ""  # accepted, closed, error
    submission_id: int | None = None
    error: str = ""

    @property
    def latency_ms(self) -> float:
        return (self.answered - self.arrived) * 1000

    @property
    def service_ms(self) -> float:
        return (self.answered - self.picked) * 1000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applications", type=int, default=200)
    parser.add_argument(
        "--retries", type=int, default=20, help="requests sent twice, same key"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=8,
        help="worker processes, each with its own database connection",
    )
    parser.add_argument(
        "--stamp-at",
        choices=("arrival", "pickup"),
        default="arrival",
        help="received_at: when the request arrives, or when a worker takes it",
    )
    parser.add_argument(
        "--window", type=float, default=1.0, help="seconds over which they arrive"
    )
    parser.add_argument(
        "--late-share",
        type=float,
        default=0.1,
        help="share of the window after the close time",
    )
    parser.add_argument("--seed", type=int, default=5)
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
    # The bench's people never sign in: a fast hasher, as the tests use, so
    # that building 200 alliances takes seconds, not minutes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # What the first submission would import under the import lock (the
    # receipt task and its PDF library), imported before the clock starts.
    import conciliare.applications.tasks  # noqa: F401


def build(options: argparse.Namespace) -> tuple[Any, list[Any]]:
    """One open call of ATS Milano and a complete application per alliance
    (the test factories: the real services, every rule of the call met)."""
    from conciliare.applications.tests.factories import complete_application
    from conciliare.calls.tests.factories import make_call

    call = make_call(ats_slug="milano")
    applications = []
    started = time.perf_counter()
    for number in range(1, options.applications + 1):
        applications.append(complete_application(call=call))
        if number % 50 == 0 or number == options.applications:
            elapsed = time.perf_counter() - started
            print(f"  {number} applications ready ({elapsed:.0f} s)", flush=True)
    return call, applications


def schedule(options: argparse.Namespace, applications: list[Any]) -> list[Attempt]:
    rng = random.Random(options.seed)
    before = options.window * (1 - options.late_share)
    after = options.window * options.late_share
    attempts = [
        Attempt(
            slot=index,
            application_id=application.pk,
            key=uuid.uuid4(),
            offset=rng.uniform(-before, after),
        )
        for index, application in enumerate(applications)
    ]
    for original in rng.sample(attempts, min(options.retries, len(attempts))):
        attempts.append(
            Attempt(
                slot=len(attempts),
                application_id=original.application_id,
                key=original.key,
                offset=original.offset + rng.uniform(0, 0.03),
                is_retry=True,
            )
        )
    return sorted(attempts, key=lambda attempt: attempt.offset)


def fire(
    options: argparse.Namespace,
    call: Any,
    attempts: list[Attempt],
    cpu: dict[str, float],
) -> float:
    """Serve every attempt with a pool of worker processes (as gunicorn's
    sync workers: one request at a time each, each its own connection);
    returns the burst's seconds (first arrival to last answer) and puts the
    CPU the workers used per request, and how busy the machine was, in
    ``cpu`` (PostgreSQL and anything else running count in the latter)."""
    from django.db import connections
    from django.utils import timezone

    from conciliare.calls.models import Call

    context = multiprocessing.get_context("fork")
    children_before = _children_cpu()
    inbox: Any = context.Queue()
    outbox: Any = context.Queue()
    connections.close_all()  # never share a connection with the children
    workers = [
        context.Process(target=_work, args=(inbox, outbox, options.stamp_at))
        for _ in range(options.workers)
    ]
    for worker in workers:
        worker.start()
    try:
        for _ in workers:
            outbox.get(timeout=120)  # each one connected
        closes_at = timezone.now() + timedelta(
            seconds=LEAD_SECONDS + options.window * (1 - options.late_share)
        )
        Call.objects.filter(pk=call.pk).update(closes_at=closes_at)
        connections.close_all()
        by_slot = {attempt.slot: attempt for attempt in attempts}
        busy_before: float | None = None
        busy_since = time.monotonic()
        # The arrivals, paced by the monotonic clock, stamped by the wall clock.
        zero = time.monotonic() + (closes_at - timezone.now()).total_seconds()
        for attempt in attempts:
            delay = zero + attempt.offset - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if busy_before is None:  # the burst starts with the first arrival
                busy_before, busy_since = machine_busy(), time.monotonic()
            attempt.arrived = time.monotonic()
            attempt.arrived_at = timezone.now()
            inbox.put(
                (attempt.slot, attempt.application_id, attempt.key, attempt.arrived_at)
            )
        for _ in workers:
            inbox.put(None)
        for _ in attempts:
            slot, answer = outbox.get(timeout=600)
            for name, value in answer.items():
                setattr(by_slot[slot], name, value)
    finally:
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()
    burst = max(a.answered for a in attempts) - min(a.arrived for a in attempts)
    cpu.update(
        workers_ms_per_request=round(
            (_children_cpu() - children_before) * 1000 / len(attempts), 1
        ),
        machine_busy_cores=round(
            (machine_busy() - (busy_before or 0.0)) / (time.monotonic() - busy_since),
            2,
        ),
    )
    return burst


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _work(inbox: Any, outbox: Any, stamp_at: str) -> None:
    """A worker process: submit what arrives until told to stop."""
    from django.db import connection
    from django.utils import timezone

    from conciliare.applications.models import Application
    from conciliare.applications.submission_services import (
        CallClosed,
        application_submit,
    )

    connection.ensure_connection()
    outbox.put("ready")
    try:
        while (item := inbox.get()) is not None:
            slot, application_id, key, arrived_at = item
            picked = time.monotonic()
            # received_at: when the request reached the server (stamped at
            # arrival, as a front end does) or when a worker got to it.
            received_at = arrived_at if stamp_at == "arrival" else timezone.now()
            answer: dict[str, Any] = {"picked": picked, "received_at": received_at}
            try:
                application = Application.objects.select_related("created_by").get(
                    pk=application_id
                )
                submission = application_submit(
                    actor=application.created_by,
                    application=application,
                    key=key,
                    received_at=received_at,
                )
            except CallClosed:
                answer["outcome"] = "closed"
            except Exception as exc:
                answer.update(outcome="error", error=repr(exc))
            else:
                answer.update(outcome="accepted", submission_id=submission.pk)
            answer["answered"] = time.monotonic()
            outbox.put((slot, answer))
    finally:
        connection.close()


def report(options: argparse.Namespace, call: Any, attempts: list[Attempt]) -> Report:
    from conciliare.calls.models import Call

    call = Call.objects.get(pk=call.pk)
    result = Report(
        applications=options.applications,
        retries=options.retries,
        attempted=len(attempts),
        workers=options.workers,
        stamp_at=options.stamp_at,
        window_s=options.window,
    )
    result.accepted = sum(a.outcome == "accepted" for a in attempts)
    result.refused_after_close = sum(a.outcome == "closed" for a in attempts)
    result.errors = sum(a.outcome == "error" for a in attempts)
    result.arrived_in_time_refused = sum(
        a.outcome == "closed" and a.arrived_at < call.closes_at for a in attempts
    )
    result.latency_ms = summarise([a.latency_ms for a in attempts])
    result.accepted_latency_ms = summarise(
        [a.latency_ms for a in attempts if a.outcome == "accepted"]
    )
    result.service_ms = summarise([a.service_ms for a in attempts])
    result.stored, result.failures = check_outcomes(call=call, attempts=attempts)
    return result


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    media_root = tempfile.mkdtemp(prefix="conciliare-bench-media-")
    try:
        prepare(options, media_root)
        print(f"building {options.applications} complete applications", flush=True)
        call, applications = build(options)
        attempts = schedule(options, applications)
        print(
            f"firing {len(attempts)} submissions around the close time, "
            f"{options.workers} worker processes",
            flush=True,
        )
        cpu: dict[str, float] = {}
        burst = fire(options, call, attempts, cpu)
        result = report(options, call, attempts)
        result.burst_s = round(burst, 3)
        result.cpu = cpu
    except BenchError as exc:
        print(f"\nbench: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(media_root, ignore_errors=True)
    show(result)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "submissions.json").write_text(json.dumps(asdict(result), indent=2))
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
