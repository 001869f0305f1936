"""Public pages, cached per language and path for anonymous visitors.

``public_page`` marks a view whose anonymous response may be cached; the
``PublicPageCacheMiddleware`` (placed before sessions and auth) serves cached
copies without touching the database. Services that change public data call
``public_cache_invalidate()`` (on commit): it bumps a generation number that
is stored with every page, so all public pages are rebuilt on next request.
A hit costs one cache round trip: the generation and the page are read
together (MGET) and the page is used only if it belongs to the generation.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

_GENERATION_KEY = "public-pages:generation"
_MARK = "_conciliare_public_page"
#: Longer paths are hashed in the cache key (memcached allows 250 characters).
_MAX_PATH_IN_KEY = 200

View = Callable[..., HttpResponse]
_T = TypeVar("_T")
_MISSING = object()


def _generation() -> int:
    value = cache.get(_GENERATION_KEY)
    if value is None:
        cache.add(_GENERATION_KEY, 1, timeout=None)
        value = cache.get(_GENERATION_KEY, 1)
    return int(value)


def _key(request: HttpRequest) -> str:
    path = request.get_full_path()
    if len(path) > _MAX_PATH_IN_KEY:  # e.g. a long search: keep keys short
        path = "sha256:" + hashlib.sha256(path.encode()).hexdigest()
    return f"public-pages:page:{path}"


def public_cache_invalidate() -> None:
    """Forget every cached public page (call through ``transaction.on_commit``)."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 2, timeout=None)


def generation_cached(key: str, compute: Callable[[], _T]) -> _T:
    """``compute()``, kept in the cache until the next
    ``public_cache_invalidate()`` (or ``PUBLIC_CACHE_SECONDS``): for figures
    that every change of public data already invalidates, such as the
    dashboards' sums, read by pages that are not cached whole (the reserved
    dashboards). ``key`` must name everything the value depends on."""
    full = f"public-data:{_generation()}:{key}"
    found = cache.get(full, _MISSING)
    if found is not _MISSING:
        return cast(_T, found)
    value = compute()
    cache.set(full, value, settings.PUBLIC_CACHE_SECONDS)
    return value


def _is_anonymous_get(request: HttpRequest) -> bool:
    """A full-page GET without a session (htmx fragments are never cached)."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HX-Request" not in request.headers
    )


def public_page(view: View) -> View:
    """Cache the view's 200 responses to anonymous visitors."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Read before rendering, so that an invalidation during the view wins.
        generation = _generation() if _is_anonymous_get(request) else None
        response = view(request, *args, **kwargs)
        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        if (
            anonymous
            and generation is not None
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(
                _key(request), (generation, response), settings.PUBLIC_CACHE_SECONDS
            )
        return response

    setattr(wrapper, _MARK, True)
    return wrapper


class PublicPageCacheMiddleware:
    """Serve a cached public page before sessions, CSRF and auth run."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_anonymous_get(request):
            key = _key(request)
            found = cache.get_many([_GENERATION_KEY, key])
            entry = found.get(key)
            if entry is not None and entry[0] == found.get(_GENERATION_KEY):
                response: HttpResponse = entry[1]
                response["X-Public-Cache"] = "hit"
                return response
        return self.get_response(request)
