from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from conciliare.accounts.models import Role
from conciliare.accounts.selectors import role_list_for_user, totp_is_enrolled
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.core.permissions import ensure_perm


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in person's home: their roles and what each lets them do."""
    ensure_perm(request.user, "accounts.view_dashboard")
    return render(
        request,
        "accounts/dashboard.html",
        {
            "roles": role_list_for_user(user=request.user),
            "Role": Role,
            "totp_enrolled": totp_is_enrolled(user=request.user),
        },
    )
