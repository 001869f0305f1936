"""`make bench`: generate data at scale and measure the key pages with wrk.

Gunicorn with 2 sync workers, PostgreSQL and Redis on this machine, wrk at
concurrency 8, all on 127.0.0.1. See bench/README.md for the budgets.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
LUA_SCRIPT = BENCH / "report.lua"
ACTOR_SCRIPT = BENCH / "actor.py"
WRK = "/usr/bin/wrk"
CACHE_URL = "redis://127.0.0.1:6379/5"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
GUNICORN_WORKERS = 2
WARMUP_SECONDS = 2
HEALTH_TRIES = 120
HEALTH_INTERVAL = 0.5
STOP_TIMEOUT = 15.0
JSON_MARK = "BENCH_JSON "
#: Other processes using more than this many cores during a run make it noisy.
NOISY_CORES = 0.25
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# Targets and budgets -------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """A design budget: a throughput floor and/or a p95 latency ceiling."""

    min_rps: float | None = None
    max_p95_ms: float | None = None

    def describe(self) -> str:
        parts = []
        if self.min_rps is not None:
            parts.append(f">={self.min_rps:,.0f} r/s")
        if self.max_p95_ms is not None:
            parts.append(f"p95<={self.max_p95_ms:.0f}ms")
        return " ".join(parts)

    def misses(self, rps: float, p95_ms: float) -> list[str]:
        out = []
        if self.min_rps is not None and rps < self.min_rps:
            out.append(f"{rps:,.0f} req/s < {self.min_rps:,.0f}")
        if self.max_p95_ms is not None and p95_ms > self.max_p95_ms:
            out.append(f"p95 {p95_ms:.1f} ms > {self.max_p95_ms:.0f}")
        return out


HOME_BUDGET = Budget(min_rps=2000)
DETAIL_BUDGET = Budget(max_p95_ms=60)
OFFICER_LIST_BUDGET = Budget(min_rps=110, max_p95_ms=100)


@dataclass(frozen=True)
class Target:
    name: str
    path: str  # "{organisation_pk}", "{network_pk}" are filled in from the actor
    authenticated: bool
    budget: Budget | None
    what: str
    #: A 404 at the probe means "page not built yet": reported, not failed.
    optional: bool = False


#: Placeholders of a target's path, filled in from bench/actor.py's output.
PATH_KEYS = (
    "organisation_pk",
    "network_pk",
    "alliance_path",
    "project_path",
    "synthetic_call_pk",
    "synthetic_last_page",
    "synthetic_application_pk",
    "reviewed_call_pk",
    "ranking_pk",
    "plan_pk",
)

TARGETS = [
    Target("home", "/", False, HOME_BUDGET, "public home, Italian (cached)"),
    Target("home_en", "/en/", False, HOME_BUDGET, "public home, English (cached)"),
    Target("ats_list", "/territorio/ats/", False, None, "the 8 ATS (cached)"),
    Target(
        "period_detail",
        "/territorio/periodi/2020-2023/",
        False,
        DETAIL_BUDGET,
        "a programming period and its allocation table (cached)",
    ),
    Target(
        "organisation_list",
        "/enti/",
        True,
        OFFICER_LIST_BUDGET,
        "ATS Milano officer's list of organisations (signed in, not cached)",
        optional=True,
    ),
    Target(
        "organisation_detail",
        "/enti/{organisation_pk}/",
        True,
        DETAIL_BUDGET,
        "one organisation seen by the officer (signed in, not cached)",
        optional=True,
    ),
    Target(
        "member_registry",
        "/enti/reti/{network_pk}/aderenti/",
        True,
        OFFICER_LIST_BUDGET,
        "ATS Milano officer's register of the 2025-2027 network members "
        "(signed in, not cached)",
        optional=True,
    ),
    Target(
        "network_detail",
        "/reti/milano/2025-2027/",
        False,
        DETAIL_BUDGET,
        "ATS Milano's public network page (cached)",
        optional=True,
    ),
    Target(
        "network_statistics",
        "/reti/milano/2020-2023/statistiche/",
        False,
        DETAIL_BUDGET,
        "members of ATS Milano 2020-2023 by typology, size, ambito, year (cached)",
        optional=True,
    ),
    Target(
        "ats_page",
        "/ats/milano/",
        False,
        DETAIL_BUDGET,
        "ATS Milano's portal page: network, alliances and projects, committee, "
        "documents (cached)",
        optional=True,
    ),
    Target(
        "alliance_list",
        "/alleanze/",
        False,
        DETAIL_BUDGET,
        "the public list of alliances, first page (cached)",
        optional=True,
    ),
    Target(
        "alliance_detail",
        "{alliance_path}",
        False,
        DETAIL_BUDGET,
        "an alliance with its partners and projects (cached)",
        optional=True,
    ),
    Target(
        "project_detail",
        "{project_path}",
        False,
        DETAIL_BUDGET,
        "a project's public page (cached)",
        optional=True,
    ),
    Target(
        "search",
        "/cerca/?q=welfare",
        False,
        DETAIL_BUDGET,
        "search across alliances, projects and organisations (cached)",
        optional=True,
    ),
    Target(
        "call_applications",
        "/area-riservata/avvisi/{synthetic_call_pk}/domande/",
        True,
        OFFICER_LIST_BUDGET,
        "ATS Milano officer's list of the applications received by the synthetic "
        "call (500 x scale), first page of 50 (signed in, not cached)",
        optional=True,
    ),
    Target(
        "call_applications_last_page",
        "/area-riservata/avvisi/{synthetic_call_pk}/domande/"
        "?page={synthetic_last_page}",
        True,
        OFFICER_LIST_BUDGET,
        "the same list, last page (page 100 at scale 10): paging stays cheap",
        optional=True,
    ),
    Target(
        "application_review",
        "/area-riservata/avvisi/domande/{synthetic_application_pk}/",
        True,
        DETAIL_BUDGET,
        "one synthetic application as submitted, seen by the officer (signed "
        "in, not cached)",
        optional=True,
    ),
    Target(
        "admissibility_list",
        "/area-riservata/istruttoria/{reviewed_call_pk}/",
        True,
        OFFICER_LIST_BUDGET,
        "ATS Milano officer's admissibility list of the 2020 call (signed in)",
        optional=True,
    ),
    Target(
        "ranking_manage",
        "/area-riservata/graduatorie/{reviewed_call_pk}/",
        True,
        DETAIL_BUDGET,
        "the officer's ranking page of the 2020 call (signed in)",
        optional=True,
    ),
    Target(
        "plan_manage",
        "/area-riservata/piani/{plan_pk}/",
        True,
        DETAIL_BUDGET,
        "the officer's page of ATS Milano's plan 2020-2023 (signed in)",
        optional=True,
    ),
    Target(
        "ranking_public",
        "/graduatorie/{ranking_pk}/",
        False,
        DETAIL_BUDGET,
        "the approved ranking of the 2020 call, public (cached)",
        optional=True,
    ),
    Target(
        "plan_public",
        "/piani/milano/2020-2023/",
        False,
        DETAIL_BUDGET,
        "ATS Milano's Territorial Plan 2020-2023, public (cached)",
        optional=True,
    ),
    Target(
        "monitoring_list",
        "/area-riservata/progetti/",
        True,
        OFFICER_LIST_BUDGET,
        "ATS Milano officer's monitoring list of the funded projects with their "
        "figures (signed in)",
        optional=True,
    ),
    Target(
        "monitoring_project",
        "/area-riservata/progetti/321-2020-01/",
        True,
        DETAIL_BUDGET,
        "AGRIWEL's monitoring page: reports, statements, payments, timeline "
        "(signed in)",
        optional=True,
    ),
    Target(
        "dashboard_reserved",
        "/area-riservata/cruscotto/",
        True,
        OFFICER_LIST_BUDGET,
        "ATS Milano officer's dashboard (signed in, not cached)",
        optional=True,
    ),
    Target(
        "dashboard_public",
        "/numeri/",
        False,
        DETAIL_BUDGET,
        "the public dashboard of the 8 ATS (cached)",
        optional=True,
    ),
    Target(
        "call_detail",
        "/avvisi/{synthetic_call_pk}/",
        False,
        DETAIL_BUDGET,
        "the synthetic call's public page (cached)",
        optional=True,
    ),
]


@dataclass
class Result:
    name: str
    path: str
    what: str
    authenticated: bool
    budget: str
    verdict: str = "FAIL"  # PASS, FAIL, OK (no budget), N/A (not available)
    reasons: list[str] = field(default_factory=list)
    probe_status: int | None = None
    probe_cache: str | None = None
    probe_bytes: int | None = None
    requests: int = 0
    duration_s: float = 0.0
    rps: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)
    non_2xx: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    socket_errors: dict[str, int] = field(default_factory=dict)
    #: CPU milliseconds per request spent by each party during the run.
    cpu_ms_per_request: dict[str, float] = field(default_factory=dict)
    #: Cores used by processes outside the benchmark (other work, kernel).
    other_cores: float = 0.0

    @classmethod
    def for_target(cls, target: Target) -> "Result":
        return cls(
            name=target.name,
            path=target.path,
            what=target.what,
            authenticated=target.authenticated,
            budget=target.budget.describe() if target.budget else "",
        )


# Small helpers -------------------------------------------------------------

_STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - _STARTED:6.1f}s] {message}", flush=True)


def step(number: int, message: str) -> None:
    print(flush=True)
    say(f"== {number}. {message}")


class BenchError(Exception):
    """A step failed: the message says which and why."""


def bench_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DATABASE_URL": database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_CACHE_URL": CACHE_URL,
            "DJANGO_STATICFILES_STORAGE": (
                "whitenoise.storage.CompressedManifestStaticFilesStorage"
            ),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_STAFF_REQUIRE_MFA": "1",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def run(
    args: list[str], env: dict[str, str], timeout: float, capture: bool = False
) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(
            args,
            cwd=ROOT,
            env=env,
            timeout=timeout,
            text=True,
            capture_output=capture,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{' '.join(args)} took more than {timeout:.0f} s") from exc
    if done.returncode != 0:
        detail = (done.stderr or "")[-2000:] if capture else ""
        raise BenchError(
            f"{' '.join(args)} exited with {done.returncode}\n{detail}".rstrip()
        )
    return done


def manage(
    env: dict[str, str], *args: str, timeout: float = 600, capture: bool = False
) -> subprocess.CompletedProcess[str]:
    return run(
        [sys.executable, "manage.py", *args], env, timeout=timeout, capture=capture
    )


# 1. Tools --------------------------------------------------------------------


def ensure_wrk() -> str:
    if os.path.exists(WRK):
        return WRK
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise BenchError(
            "wrk is missing: install it with `sudo apt-get install -y wrk` "
            "(Debian package wrk) and run `make bench` again."
        )
    say("wrk is missing: installing the Debian package (apt-get install -y wrk)")
    apt_env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    try:
        if subprocess.run(install, env=apt_env, timeout=300, check=False).returncode:
            subprocess.run(
                ["apt-get", "update", "-q"], env=apt_env, timeout=300, check=False
            )
            subprocess.run(install, env=apt_env, timeout=300, check=True)
    except (subprocess.SubprocessError, OSError) as exc:
        raise BenchError(f"could not install wrk: {exc}") from exc
    return WRK


def has_load_demo(env: dict[str, str]) -> bool:
    try:
        probe = subprocess.run(
            [sys.executable, "manage.py", "help", "load_demo"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0


# 2. Database and cache -----------------------------------------------------


@dataclass(frozen=True)
class Database:
    name: str
    host: str
    port: int
    user: str
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> "Database":
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql", "pgsql"):
            raise BenchError(f"--database-url must be PostgreSQL, not {parts.scheme}")
        name = unquote(parts.path.lstrip("/"))
        host = parts.hostname or "127.0.0.1"
        if host not in LOCAL_HOSTS:
            raise BenchError(f"the bench database must be local, not on {host}")
        if "bench" not in name:
            raise BenchError(
                f"refusing to drop {name!r}: the bench database's name must "
                "contain 'bench'"
            )
        return cls(
            name=name,
            host=host,
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password) if parts.password else None,
        )

    def maintenance(self, dbname: str = "postgres") -> psycopg.Connection[Any]:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=dbname,
            autocommit=True,
            connect_timeout=10,
        )

    def analyze(self) -> None:
        """Fresh planner statistics, as autovacuum keeps them in production."""
        with self.maintenance(self.name) as conn:
            conn.execute("VACUUM ANALYZE")

    def exists(self) -> bool:
        with self.maintenance() as conn:
            row = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (self.name,)
            ).fetchone()
        return row is not None

    def recreate(self, drop: bool) -> None:
        name = sql.Identifier(self.name)
        with self.maintenance() as conn:
            if drop:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
                )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def flush_cache() -> None:
    client = redis.Redis.from_url(CACHE_URL, socket_timeout=10)
    try:
        client.flushdb()
    finally:
        client.close()


def redis_pid() -> int | None:
    client = redis.Redis.from_url(CACHE_URL, socket_timeout=10)
    try:
        info: dict[str, Any] = client.info("server")
    except redis.RedisError:
        return None
    finally:
        client.close()
    pid = info.get("process_id")
    return int(pid) if pid else None


# CPU accounting --------------------------------------------------------------


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process (0 if it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def machine_busy() -> float:
    """CPU seconds all cores spent busy since boot (not idle, not iowait)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split()[1:11]]
    except (OSError, ValueError):
        return 0.0
    return (sum(values[:8]) - values[3] - values[4]) / CLOCK_TICKS


class CpuMeter:
    """CPU seconds used by each party of the benchmark during one run.

    A thread samples ``/proc`` twice a second, so processes that come and go
    during the run (a database connection reopened after CONN_MAX_AGE) are
    counted up to their last sample. ``others`` is what the whole machine
    used minus the parties: other people's work and unattributed kernel time.
    """

    INTERVAL = 0.5

    def __init__(self, find: Callable[[], dict[str, list[int]]]) -> None:
        self._find = find
        self._first: dict[str, dict[int, float]] = {}
        self._last: dict[str, dict[int, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._lock = threading.Lock()
        self._started = 0.0
        self._machine = 0.0
        self._rusage = (0.0, 0.0)

    def _sample(self, first: bool) -> None:
        try:
            groups = self._find()
        except (OSError, psycopg.Error, redis.RedisError):
            return
        with self._lock:
            for name, pids in groups.items():
                known = self._first.setdefault(name, {})
                last = self._last.setdefault(name, {})
                for pid in pids:
                    used = process_cpu(pid)
                    if pid not in known:
                        # Present at the start: count from now; born during
                        # the run: count all its CPU.
                        known[pid] = used if first else 0.0
                    if used:
                        last[pid] = used

    def _loop(self) -> None:
        while not self._stop.wait(self.INTERVAL):
            self._sample(first=False)

    @staticmethod
    def _usage() -> tuple[float, float]:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime

    def __enter__(self) -> "CpuMeter":
        self._sample(first=True)
        self._started = time.monotonic()
        self._machine = machine_busy()
        self._rusage = self._usage()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sample(first=False)
        self._elapsed = max(time.monotonic() - self._started, 1e-6)
        self._machine = machine_busy() - self._machine
        own, kids = self._usage()
        self._rusage = (own - self._rusage[0], kids - self._rusage[1])

    def report(self, requests: int) -> tuple[dict[str, float], float]:
        """CPU ms per request for each party, and the cores others used."""
        with self._lock:
            used = {
                name: sum(
                    max(0.0, self._last[name].get(pid, start) - start)
                    for pid, start in pids.items()
                )
                for name, pids in self._first.items()
            }
        used["wrk"], used["bench"] = self._rusage[1], self._rusage[0]
        others = max(0.0, self._machine - sum(used.values()))
        per_request = {
            name: round(seconds * 1000 / requests, 3) if requests else 0.0
            for name, seconds in used.items()
        }
        return per_request, round(others / self._elapsed, 2)


# 3. Gunicorn -----------------------------------------------------------------


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_gunicorn(
    env: dict[str, str], port: int, log_path: Path
) -> subprocess.Popen[bytes]:
    if port_in_use(port):
        raise BenchError(f"port {port} is already in use: pass --port")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--workers",
        str(GUNICORN_WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    say(f"$ gunicorn {' '.join(command[3:])}  (log: {log_path.relative_to(ROOT)})")
    with log_path.open("wb") as log:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_healthy(proc: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    for attempt in range(1, HEALTH_TRIES + 1):
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise BenchError(f"gunicorn exited with {proc.returncode}:\n{tail}")
        try:
            status, _, body = fetch(port, "/healthz", timeout=2)
        except OSError:
            status, body = 0, b""
        if status == 200:
            say(f"/healthz answered after {attempt} tries: {body.decode()}")
            return
        time.sleep(HEALTH_INTERVAL)
    raise BenchError(
        f"/healthz did not answer 200 after {HEALTH_TRIES} tries "
        f"({HEALTH_TRIES * HEALTH_INTERVAL:.0f} s)"
    )


def stop_gunicorn(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    say(f"stopping gunicorn (process group {proc.pid})")
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=STOP_TIMEOUT)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        say("gunicorn did not stop in time: killing it")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STOP_TIMEOUT)


# 4. The signed-in actor ------------------------------------------------------


def prepare_actor(env: dict[str, str]) -> dict[str, Any]:
    out = run(
        [sys.executable, str(ACTOR_SCRIPT)], env, timeout=120, capture=True
    ).stdout.strip()
    actor: dict[str, Any] = json.loads(out.splitlines()[-1])
    return actor


# 5. Load -----------------------------------------------------------------------


def fetch(
    port: int, path: str, cookie: str | None = None, timeout: float = 10
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


@dataclass
class Runner:
    """What every measurement needs: options, tools, server and actor."""

    options: argparse.Namespace
    wrk_path: str
    database: Database
    gunicorn: subprocess.Popen[bytes]
    actor: dict[str, Any]
    #: A connection to the maintenance database, to find the bench backends.
    monitor: psycopg.Connection[Any] | None = None
    redis_pid: int | None = None

    def wrk(self, path: str, cookie: str | None, seconds: int) -> dict[str, Any]:
        command = [
            self.wrk_path,
            f"--threads={min(self.options.threads, self.options.connections)}",
            f"--connections={self.options.connections}",
            f"--duration={seconds}s",
            "--timeout=5s",
            f"--script={LUA_SCRIPT}",
            f"http://127.0.0.1:{self.options.port}{path}",
            "--",
            cookie or "",
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=seconds + 60,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise BenchError(f"wrk did not finish within {seconds + 60} s") from exc
        for line in done.stdout.splitlines():
            if line.startswith(JSON_MARK):
                parsed: dict[str, Any] = json.loads(line[len(JSON_MARK) :])
                return parsed
        raise BenchError(
            f"wrk exited with {done.returncode} and printed no result:\n"
            f"{done.stdout[-1500:]}{done.stderr[-1500:]}"
        )

    def pids(self) -> dict[str, list[int]]:
        """The processes serving the benchmark: gunicorn, PostgreSQL, Redis."""
        master = self.gunicorn.pid
        found = {"gunicorn": [master, *children(master)], "postgres": []}
        if self.monitor is None or self.monitor.closed:
            self.monitor = self.database.maintenance()
        rows = self.monitor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s",
            (self.database.name,),
        ).fetchall()
        found["postgres"] = [int(row[0]) for row in rows]
        if self.redis_pid is None:
            self.redis_pid = redis_pid() or 0
        found["redis"] = [self.redis_pid] if self.redis_pid else []
        return found

    def close(self) -> None:
        if self.monitor is not None:
            self.monitor.close()

    def measure(self, target: Target) -> Result:
        result = Result.for_target(target)
        cookie = self.actor["sessionid"] if target.authenticated else None
        needed = [key for key in PATH_KEYS if "{" + key + "}" in target.path]
        missing = [key for key in needed if self.actor.get(key) is None]
        if missing:
            result.verdict = "N/A"
            result.reasons.append(f"nothing in the database for {missing[0]}")
            say(f"{target.name}: skipped, nothing in the database for {missing[0]}")
            return result
        if needed:
            result.path = target.path.format(**{key: self.actor[key] for key in needed})

        # Probe twice: the first anonymous request fills the public-page cache.
        port = self.options.port
        status, headers, body = fetch(port, result.path, cookie)
        if not target.authenticated:
            status, headers, body = fetch(port, result.path, cookie)
        result.probe_status = status
        result.probe_cache = headers.get("X-Public-Cache")
        result.probe_bytes = len(body)
        where = f" -> {headers['Location']}" if "Location" in headers else ""
        cache = f", X-Public-Cache: {result.probe_cache}" if result.probe_cache else ""
        say(
            f"{target.name}: GET {result.path} -> {status}{where}, "
            f"{len(body):,} bytes{cache}"
        )
        if status == 404 and target.optional:
            result.verdict = "N/A"
            result.reasons.append("404: page not available yet")
            say(f"{target.name}: not available (404), not measured")
            return result

        self.wrk(result.path, cookie, WARMUP_SECONDS)
        with CpuMeter(self.pids) as meter:
            data = self.wrk(result.path, cookie, self.options.duration)

        result.requests = int(data["requests"])
        result.duration_s = float(data["duration_s"])
        result.rps = float(data["rps"])
        result.latency_ms = {k: float(v) for k, v in data["latency_ms"].items()}
        result.non_2xx = int(data["non_2xx"])
        result.statuses = {str(k): int(v) for k, v in data["statuses"].items()}
        result.socket_errors = {k: int(v) for k, v in data["socket_errors"].items()}
        result.cpu_ms_per_request, result.other_cores = meter.report(result.requests)
        judge(target, result)
        lat = result.latency_ms
        cpu = result.cpu_ms_per_request
        say(
            f"{target.name}: {result.rps:,.1f} req/s, p50 {lat['p50']:.1f} ms, "
            f"p95 {lat['p95']:.1f} ms, p99 {lat['p99']:.1f} ms, "
            f"non-2xx {result.non_2xx} -> {result.verdict}"
            f"{' (' + '; '.join(result.reasons) + ')' if result.reasons else ''}"
        )
        say(
            f"{target.name}: CPU ms/request: "
            + ", ".join(f"{name} {ms:.3f}" for name, ms in cpu.items())
            + f"; other processes used {result.other_cores:.2f} cores"
        )
        return result

    def measure_safely(self, target: Target) -> Result:
        """Measure one target; an error fails that target, not the whole run."""
        try:
            return self.measure(target)
        except (BenchError, OSError) as exc:
            say(f"{target.name}: FAIL, {exc}")
            result = Result.for_target(target)
            result.reasons.append(str(exc))
            return result


def judge(target: Target, result: Result) -> None:
    if result.requests == 0:
        result.reasons.append("no request completed")
    if result.non_2xx:
        shown = ", ".join(
            f"{code} x{count}"
            for code, count in sorted(result.statuses.items())
            if not code.startswith("2")
        )
        result.reasons.append(f"non-2xx responses: {shown}")
    if target.budget and result.requests:
        result.reasons.extend(
            target.budget.misses(result.rps, result.latency_ms["p95"])
        )
    if result.reasons:
        result.verdict = "FAIL"
    else:
        result.verdict = "PASS" if target.budget else "OK"


# 6. Report -------------------------------------------------------------------


def verdict_cell(result: Result) -> str:
    bad = sorted(code for code in result.statuses if not code.startswith("2"))
    if bad:
        return f"{result.verdict} ({','.join(bad)})"
    if result.probe_status is not None and not 200 <= result.probe_status < 300:
        return f"{result.verdict} ({result.probe_status})"
    return result.verdict


def table(results: list[Result]) -> str:
    header = (
        "name",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "non-2xx",
        "sock err",
        "cpu ms/req",
        "others",
        "budget",
        "result",
    )
    rows = [header]
    for r in results:
        lat = r.latency_ms
        if r.requests:
            figures = (
                f"{r.rps:,.1f}",
                f"{lat['p50']:.1f}",
                f"{lat['p95']:.1f}",
                f"{lat['p99']:.1f}",
                str(r.non_2xx),
                str(sum(r.socket_errors.values())),
                f"{r.cpu_ms_per_request.get('gunicorn', 0):.2f}",
                f"{r.other_cores:.2f}",
            )
        else:
            figures = ("-",) * 8
        rows.append((r.name, *figures, r.budget or "-", verdict_cell(r)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    left = {0, len(header) - 2, len(header) - 1}
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.ljust(width) if i in left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "git_commit": commit,
        "load_average_at_end": [round(v, 2) for v in os.getloadavg()],
    }


# Main ------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description="Measure the key pages against budgets."
    )
    parser.add_argument("--scale", type=int, default=10, help="load_demo --scale N")
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=8, help="concurrency")
    parser.add_argument(
        "--threads", type=int, default=1, help="wrk threads (default 1: 2 cores)"
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/conciliare_bench",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--skip-load",
        action="store_true",
        help="keep the database and its data (create it if missing, migrate)",
    )
    parser.add_argument(
        "--only",
        metavar="NAME",
        help="comma-separated targets: " + ", ".join(t.name for t in TARGETS),
    )
    options = parser.parse_args(argv)
    if min(options.duration, options.connections, options.threads) < 1:
        parser.error("--duration, --connections and --threads must be positive")
    if options.scale < 1:
        parser.error("--scale must be positive")
    return options


def selected_targets(only: str | None) -> list[Target]:
    if not only:
        return TARGETS
    names = [name.strip() for name in only.split(",") if name.strip()]
    known = {t.name: t for t in TARGETS}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise BenchError(f"unknown target(s) {unknown}: choose from {list(known)}")
    return [known[name] for name in names]


def prepare_data(
    options: argparse.Namespace, database: Database, env: dict[str, str]
) -> None:
    if options.skip_load:
        if database.exists():
            say(f"--skip-load: keeping database {database.name}")
        else:
            say(f"--skip-load: database {database.name} is missing, creating it")
            database.recreate(drop=False)
    else:
        say(f"dropping and creating database {database.name}")
        database.recreate(drop=True)
    say("manage.py migrate")
    manage(env, "migrate", "--no-input", "-v", "0", timeout=600)
    if options.skip_load:
        say("--skip-load: not loading the demo data")
    else:
        say(f"manage.py load_demo --scale {options.scale}")
        manage(env, "load_demo", "--scale", str(options.scale), timeout=3600)
    say("VACUUM ANALYZE (planner statistics for the loaded data)")
    database.analyze()
    say("manage.py collectstatic --no-input")
    manage(env, "collectstatic", "--no-input", "-v", "0", timeout=600)
    say(f"flushing the cache ({CACHE_URL})")
    flush_cache()


def bench(options: argparse.Namespace) -> int:
    targets = selected_targets(options.only)
    database = Database.from_url(options.database_url)
    env = bench_env(options.database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    started_at = dt.datetime.now(dt.UTC)

    step(1, "Tools")
    wrk_path = ensure_wrk()
    load_at_start = [round(v, 2) for v in os.getloadavg()]
    load = ", ".join(f"{v:.2f}" for v in load_at_start)
    say(f"wrk: {wrk_path}; {os.cpu_count()} cores; load average {load}")
    if not options.skip_load and not has_load_demo(env):
        raise BenchError(
            "manage.py load_demo is not available: run with "
            'BENCH_ARGS="--skip-load" to measure the pages on migrated data only'
        )

    step(2, f"Database {database.name} and cache")
    load_started = time.monotonic()
    prepare_data(options, database, env)
    load_seconds = time.monotonic() - load_started

    step(3, "Signed-in actor (ATS Milano officer with TOTP, fresh session)")
    actor = prepare_actor(env)
    say(
        f"officer user #{actor['user_id']}, {actor['organisations']:,} "
        f"organisations, detail page organisation #{actor['organisation_pk']}; "
        f"{actor.get('synthetic_applications') or 0:,} applications to the "
        f"synthetic call #{actor.get('synthetic_call_pk')}"
    )

    step(4, f"Gunicorn ({GUNICORN_WORKERS} workers)")
    log_path = RESULTS / "gunicorn.log"
    results: list[Result] = []
    proc = start_gunicorn(env, options.port, log_path)
    try:
        wait_healthy(proc, options.port, log_path)
        step(
            5,
            f"Load: wrk, {options.connections} connections, {WARMUP_SECONDS} s "
            f"warm-up + {options.duration} s per target",
        )
        runner = Runner(options, wrk_path, database, proc, actor)
        try:
            results.extend(runner.measure_safely(target) for target in targets)
        finally:
            runner.close()
    finally:
        stop_gunicorn(proc)

    step(6, "Results")
    print(table(results))
    print(
        "cpu ms/req: gunicorn CPU per request; others: cores used by processes "
        "outside the benchmark during the run"
    )
    failed = [r for r in results if r.verdict == "FAIL"]
    for r in failed:
        print(f"FAIL {r.name}: {'; '.join(r.reasons)}")
    unavailable = [r.name for r in results if r.verdict == "N/A"]
    if unavailable:
        print(f"not available (not measured): {', '.join(unavailable)}")
    noisy = [r.name for r in results if r.other_cores > NOISY_CORES]
    if noisy:
        print(
            f"NOISY: other processes used more than {NOISY_CORES} cores during "
            f"{', '.join(noisy)}: rerun on a quiet machine before trusting them"
        )
    report = {
        "date": started_at.isoformat(timespec="seconds"),
        "machine": {**machine(), "load_average_at_start": load_at_start},
        "options": {
            "scale": None if options.skip_load else options.scale,
            "skip_load": options.skip_load,
            "duration_s": options.duration,
            "warmup_s": WARMUP_SECONDS,
            "connections": options.connections,
            "wrk_threads": options.threads,
            "gunicorn_workers": GUNICORN_WORKERS,
            "database": database.name,
        },
        "data_preparation_s": round(load_seconds, 1),
        "organisations": actor["organisations"],
        "synthetic_applications": actor.get("synthetic_applications"),
        "targets": [asdict(r) for r in results],
        "failed": [r.name for r in failed],
        "not_available": unavailable,
        "noisy": noisy,
    }
    out = RESULTS / "latest.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    say(f"wrote {out.relative_to(ROOT)}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    try:
        return bench(options)
    except BenchError as exc:
        print(f"\nbench: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
