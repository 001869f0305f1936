from datetime import timedelta

from django.test import RequestFactory, override_settings
from django.utils import timezone

from conciliare.core.request_time import request_received_at

HEADER = "HTTP_X_REQUEST_START"


def _request(value=None):
    extra = {HEADER: value} if value is not None else {}
    return RequestFactory().post("/", **extra)


@override_settings(REQUEST_START_HEADER=HEADER)
def test_the_proxys_arrival_time_counts():
    arrived = timezone.now() - timedelta(seconds=3)
    received = request_received_at(_request(f"t={arrived.timestamp():.3f}"))
    assert abs(received - arrived) < timedelta(milliseconds=2)


@override_settings(REQUEST_START_HEADER=HEADER)
def test_a_stamp_in_the_future_too_old_or_garbled_is_ignored():
    before = timezone.now()
    for value in (
        f"t={(before + timedelta(minutes=1)).timestamp()}",
        f"t={(before - timedelta(hours=1)).timestamp()}",
        "t=domani",
        "",
    ):
        assert request_received_at(_request(value)) >= before


def test_without_a_configured_header_the_stamp_is_not_trusted():
    before = timezone.now()
    earlier = (before - timedelta(seconds=30)).timestamp()
    assert request_received_at(_request(f"t={earlier}")) >= before
