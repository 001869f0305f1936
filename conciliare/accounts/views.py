from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from conciliare.core.http import AuthenticatedHttpRequest


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in person's home: their roles and what each lets them do."""
    return render(request, "accounts/dashboard.html", {"roles": request.user.roles})
