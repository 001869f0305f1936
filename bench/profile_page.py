"""Profile one page in-process: the Django WSGI application without gunicorn.

Run with the benchmark's environment, after `make bench` has prepared the
database (see bench/README.md), e.g.::

    DJANGO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/conciliare_bench \\
    DJANGO_CACHE_URL=redis://127.0.0.1:6379/5 DJANGO_DEBUG=0 \\
    DJANGO_STATICFILES_STORAGE=whitenoise.storage.CompressedManifestStaticFilesStorage \\
    DJANGO_LOG_LEVEL=WARNING uv run python bench/profile_page.py / --requests 2000

It prints the mean time Django spends per request (no sockets, no HTTP
parsing) and, with ``--profile``, the top functions by cumulative time.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def environ_for(path: str, cookie: str | None) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8765",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8765",
        "HTTP_USER_AGENT": "bench/profile_page",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = f"sessionid={cookie}"
    return environ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--cookie", help="a sessionid value (signed-in pages)")
    parser.add_argument("--profile", action="store_true", help="print cProfile top")
    parser.add_argument("--top", type=int, default=35)
    options = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    statuses: dict[str, int] = {}

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], object]:
        statuses[status] = statuses.get(status, 0) + 1
        return lambda data: None

    def one() -> None:
        chunks = application(environ_for(options.path, options.cookie), start_response)
        b"".join(chunks)
        close = getattr(chunks, "close", None)
        if close is not None:
            close()

    for _ in range(20):  # warm the cache, the template loader and connections
        one()
    statuses.clear()
    profiler = cProfile.Profile() if options.profile else None
    started = time.perf_counter()
    cpu_started = time.process_time()
    if profiler:
        profiler.enable()
    for _ in range(options.requests):
        one()
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    cpu_ms = (time.process_time() - cpu_started) / options.requests * 1000
    per_request_ms = elapsed / options.requests * 1000
    print(
        f"{options.path}: {options.requests} requests in {elapsed:.2f} s, "
        f"{per_request_ms:.3f} ms wall and {cpu_ms:.3f} ms CPU each "
        f"({1000 / per_request_ms:,.0f} req/s on one core"
        f"{', under cProfile' if profiler else ''}); statuses {statuses}"
    )
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(options.top)
        stats.sort_stats("tottime").print_stats(options.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
