"""The dashboards and the monitoring list at 100x the real volume, on PostgreSQL.

    uv run python bench/dashboards.py [--scale 100] [--runs 15]
        [--database-url postgres://postgres@127.0.0.1:5432/conciliare_bench_dashboards]

Builds a dedicated database (its name must contain ``bench``; dropped and
recreated) with the demo (``load_demo``: the real volume, about 40 funded
projects per period with their reports, statements and payments), measures
each page, then adds the synthetic alliances, projects and monitoring of
``--scale`` times that volume (``generate_alliances`` and
``ensure_synthetic_monitoring``, as ``load_demo --scale`` does, without the
synthetic applications) and measures again.

Each page is rendered in this process through Django's test client, signed
in as the Region's officer (the dashboards) or ATS Milano's officer (the
monitoring list), with the cache cleared before each request: the figures
are the server's own time per request and its number of SQL queries, which
must not grow with the volume. Not a timed test: figures to watch, reported
by ``make bench``. Exits 0, or 1 when a page's queries grew with the volume,
or 2 when the run could not be set up.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import BenchError, Database, manage  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/conciliare_bench_dashboards"
#: Page, who reads it (a demo account), what it is.
PAGES = (
    ("/area-riservata/cruscotto/", "regione@conciliare.demo", "Region dashboard"),
    ("/numeri/", None, "public dashboard (cache cleared)"),
    ("/area-riservata/progetti/", "ats.milano@conciliare.demo", "monitoring list"),
    ("/dati-aperti/pagamenti.csv", None, "payments open data (CSV)"),
)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    return parser.parse_args(argv)


def prepare(options: argparse.Namespace, media_root: str) -> None:
    """A fresh database with the demo; Django set up in this process on it."""
    database = Database.from_url(options.database_url)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DATABASE_URL": options.database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_CACHE_URL": "locmemcache://",
            "DJANGO_MEDIA_ROOT": media_root,
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "DJANGO_STAFF_REQUIRE_MFA": "0",
        }
    )
    print(f"database {database.name}: recreate, migrate, load the demo", flush=True)
    database.recreate(drop=True)
    manage(dict(os.environ), "migrate", "--no-input", capture=True)
    manage(dict(os.environ), "load_demo", capture=True, timeout=1800)
    import django

    django.setup()


def volume() -> dict[str, int]:
    from conciliare.monitoring.models import (
        Expense,
        MonitoringReport,
        Payment,
        ReportReach,
    )
    from conciliare.projects.models import Project

    return {
        "projects": Project.objects.count(),
        "reports": MonitoringReport.objects.count(),
        "reach_rows": ReportReach.objects.count(),
        "expenses": Expense.objects.count(),
        "payments": Payment.objects.count(),
    }


def scale_up(scale: int) -> None:
    """``scale`` times the synthetic alliances of each ATS, with their
    projects and monitoring (``load_demo --scale`` without applications)."""
    from conciliare.accounts.models import User
    from conciliare.demo.alliances import SYNTHETIC_PER_ATS, generate_alliances
    from conciliare.demo.synthetic_monitoring import ensure_synthetic_monitoring
    from conciliare.territory.models import ATS, ProgrammingPeriod

    actor = User.objects.get(email="regione@conciliare.demo")
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    for ats in ATS.objects.order_by("code"):
        generate_alliances(
            ats=ats, period=period, count=SYNTHETIC_PER_ATS * scale, actor=actor
        )
    ensure_synthetic_monitoring(actor=actor)


def measure(runs: int) -> dict[str, dict[str, Any]]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conciliare.accounts.models import User

    figures: dict[str, dict[str, Any]] = {}
    for path, email, what in PAGES:
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        timings = []
        queries = 0
        status = 0
        size = 0
        for _run in range(runs):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                body = (
                    b"".join(response.streaming_content)  # type: ignore[attr-defined]
                    if response.streaming
                    else response.content
                )
                timings.append((time.perf_counter() - started) * 1000)
            queries = len(captured)
            status = response.status_code
            size = len(body)
        timings.sort()
        figures[path] = {
            "what": what,
            "status": status,
            "bytes": size,
            "queries": queries,
            "median_ms": statistics.median(timings),
            "p95_ms": timings[max(0, round(0.95 * len(timings)) - 1)],
        }
    return figures


def report(label: str, counts: dict[str, int], figures: dict[str, Any]) -> None:
    print(
        f"{label}: "
        + ", ".join(
            f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items()
        ),
        flush=True,
    )
    for path, row in figures.items():
        print(
            f"  {row['what']:<36} {path:<32} {row['status']} "
            f"{row['queries']:>3} queries  median {row['median_ms']:7.1f} ms  "
            f"p95 {row['p95_ms']:7.1f} ms  {row['bytes']:>9,} bytes",
            flush=True,
        )


def main(argv: list[str]) -> int:
    options = parse(argv)
    with tempfile.TemporaryDirectory(prefix="bench-dashboards-") as media_root:
        try:
            prepare(options, media_root)
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 2
        real = measure(options.runs)
        report("real volume", volume(), real)
        print(f"adding {options.scale}x the synthetic volume...", flush=True)
        started = time.perf_counter()
        scale_up(options.scale)
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
        scaled = measure(options.runs)
        report(f"{options.scale}x", volume(), scaled)
    grew = [
        path
        for path in real
        if scaled[path]["queries"] > real[path]["queries"] and not path.endswith(".csv")
    ]
    if grew:
        print("queries grew with the volume on: " + ", ".join(grew), flush=True)
        return 1
    print("queries constant in the volume on every page", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
