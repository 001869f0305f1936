"""What bench/submissions.py reports: the figures of a run and their table."""

import os
from dataclasses import dataclass, field

from bench.submission_checks import percentile


@dataclass
class Report:
    applications: int
    retries: int
    attempted: int
    workers: int
    stamp_at: str
    window_s: float
    accepted: int = 0
    refused_after_close: int = 0
    arrived_in_time_refused: int = 0
    errors: int = 0
    stored: int = 0
    burst_s: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    latency_ms: dict[str, float] = field(default_factory=dict)
    accepted_latency_ms: dict[str, float] = field(default_factory=dict)
    service_ms: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def summarise(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {
        "p50": round(percentile(values, 50), 1),
        "p95": round(percentile(values, 95), 1),
        "max": round(max(values), 1),
    }


def show(result: Report) -> None:
    print()
    print(
        f"attempted            {result.attempted} "
        f"({result.applications} applications + {result.retries} retries)"
    )
    print(
        f"accepted             {result.accepted} (stored submissions: {result.stored})"
    )
    print(f"refused after close  {result.refused_after_close}")
    print(f"other errors         {result.errors}")
    print(
        f"arrived in time, refused {result.arrived_in_time_refused} "
        f"(received_at stamped at {result.stamp_at})"
    )
    print(f"worker processes     {result.workers}")
    print(
        f"burst                {result.burst_s:.2f} s "
        f"(arrivals over {result.window_s:.1f} s)"
    )
    print(
        f"worker CPU           {result.cpu['workers_ms_per_request']:.1f} ms/request; "
        f"machine busy {result.cpu['machine_busy_cores']:.2f} of "
        f"{os.cpu_count()} cores during the burst"
    )
    for label, figures in (
        ("latency, all", result.latency_ms),
        ("latency, accepted", result.accepted_latency_ms),
        ("service time", result.service_ms),
    ):
        cells = "  ".join(f"{k} {v:,.1f} ms" for k, v in figures.items())
        print(f"{label:<21}{cells}")
    if result.failures:
        print("\nFAILED:")
        for failure in result.failures:
            print(f"  - {failure}")
    else:
        print(
            "\nPASS: every accepted submission stored once, in timestamp "
            "order, none lost, retries answered with the same submission"
        )
