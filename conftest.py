"""Suite-wide fixtures."""

import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (public pages, rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
