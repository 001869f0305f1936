from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from conciliare.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """django-stubs pattern: a request whose user is logged in (login_required)."""

    user: "User"
    htmx: HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
