from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from conciliare.accounts.selectors import totp_is_enrolled

#: Paths a staff user may reach before enrolling two-factor authentication.
_OPEN_PREFIXES = ("/account/", "/en/account/", "/static/", "/i18n/", "/healthz")


class RequireStaffMfaMiddleware:
    """Staff roles (Region, ATS, committee) must enrol TOTP before working.

    A signed-in staff user without an authenticator app is sent to the TOTP
    set-up page from every page but the account pages themselves (sign-in,
    sign-out, enrolment), the language switch, static files and the health
    check. Citizens and organisation representatives may enrol but need not.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.STAFF_REQUIRE_MFA
            and user is not None
            and user.is_authenticated
            and _needs_staff_area(request.path)
            and user.is_staff_role
            and not totp_is_enrolled(user=user)
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)


def _needs_staff_area(path: str) -> bool:
    """Everything but sign-in, sign-out, enrolment, language and assets."""
    return not path.startswith(_OPEN_PREFIXES)
