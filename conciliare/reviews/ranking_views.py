"""The ranking page of a call for its officers (area riservata): what stops
the computation, or the three lists with the budget; compute and recompute;
approval by act; after approval the scorrimento and its history."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.calls.models import Call
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.reviews import ranking_services, scorrimento_services
from conciliare.reviews.models import Ranking, RankingEntry, RankingOutcome
from conciliare.reviews.ranking_forms import RankingApproveForm, ScorrimentoForm
from conciliare.reviews.ranking_selectors import (
    ranking_call_get,
    ranking_lists,
    ranking_of_call,
    ranking_steps,
)

PAGE = "reviews-ranking:ranking"


def _call_for(request: AuthenticatedHttpRequest, call_pk: int, perm: str) -> Call:
    call = ranking_call_get(pk=call_pk)
    if not request.user.has_perm("reviews.view_ranking", call):
        raise PermissionDenied
    if perm != "reviews.view_ranking" and not request.user.has_perm(perm, call):
        raise PermissionDenied
    return call


def _funded_entries(ranking: Ranking) -> Any:
    return (
        RankingEntry.objects.filter(
            ranking=ranking,
            outcome__in=[RankingOutcome.FUNDED, RankingOutcome.PARTLY_FUNDED],
        )
        .select_related("application__alliance")
        .order_by("position")
    )


def _page(
    request: AuthenticatedHttpRequest,
    call: Call,
    *,
    approve_form: RankingApproveForm | None = None,
) -> HttpResponse:
    ranking = ranking_of_call(call=call)
    user = request.user
    can_compute = user.has_perm("reviews.compute_ranking", call) and not (
        ranking is not None and ranking.is_approved
    )
    blockers = (
        ranking_services.ranking_blockers(call=call)
        if ranking is None or not ranking.is_approved
        else []
    )
    context: dict[str, Any] = {
        "call": call,
        "ranking": ranking,
        "blockers": blockers,
        "can_compute": can_compute and not blockers,
        "lists": ranking_lists(ranking=ranking) if ranking else None,
        "can_approve": ranking is not None
        and user.has_perm("reviews.approve_ranking", ranking),
        "can_scroll": ranking is not None
        and user.has_perm("reviews.scroll_ranking", ranking),
        "steps": list(ranking_steps(ranking=ranking)) if ranking else [],
    }
    if context["can_approve"]:
        context["approve_form"] = approve_form or RankingApproveForm(
            initial={"committee_minutes": ranking.committee_minutes if ranking else ""}
        )
    return render(request, "reviews/ranking/manage.html", context)


@login_required
@require_http_methods(["GET"])
def ranking_page(request: AuthenticatedHttpRequest, call_pk: int) -> HttpResponse:
    return _page(request, _call_for(request, call_pk, "reviews.view_ranking"))


@login_required
@require_http_methods(["POST"])
def ranking_compute(request: AuthenticatedHttpRequest, call_pk: int) -> HttpResponse:
    call = _call_for(request, call_pk, "reviews.compute_ranking")
    try:
        ranking_services.ranking_compute(actor=request.user, call=call)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Graduatoria calcolata: verificarla prima di approvarla."),
        )
    return redirect(PAGE, call_pk=call.pk)


@login_required
@require_http_methods(["POST"])
def ranking_approve(request: AuthenticatedHttpRequest, call_pk: int) -> HttpResponse:
    call = _call_for(request, call_pk, "reviews.view_ranking")
    ranking = ranking_of_call(call=call)
    if ranking is None or not request.user.has_perm("reviews.approve_ranking", ranking):
        raise PermissionDenied
    form = RankingApproveForm(request.POST)
    if form.is_valid() and form.call_service(
        ranking_services.ranking_approve,
        actor=request.user,
        ranking=ranking,
        act_number=form.cleaned_data["act_number"],
        act_date=form.cleaned_data["act_date"],
        committee_minutes=form.cleaned_data["committee_minutes"],
    ):
        messages.success(
            request,
            _(
                "Graduatoria approvata e pubblicata. Gli enti capofila sono stati avvisati."
            ),
        )
        return redirect(PAGE, call_pk=call.pk)
    return _page(request, call, approve_form=form)


def _scroll(
    request: AuthenticatedHttpRequest, call_pk: int, *, reduction: bool
) -> HttpResponse:
    call = _call_for(request, call_pk, "reviews.view_ranking")
    ranking = ranking_of_call(call=call)
    if ranking is None or not request.user.has_perm("reviews.scroll_ranking", ranking):
        raise PermissionDenied
    prefix = "reduce" if reduction else "renounce"
    form = ScorrimentoForm(
        request.POST or None,
        entries=_funded_entries(ranking),
        prefix=prefix,
        reduction=reduction,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if reduction:
            done = form.call_service(
                scorrimento_services.ranking_reduce,
                actor=request.user,
                entry=data["entry"],
                amount=data["amount"],
                reason=data["reason"],
                act_number=data["act_number"],
                act_date=data["act_date"],
            )
        else:
            done = form.call_service(
                scorrimento_services.ranking_renounce,
                actor=request.user,
                entry=data["entry"],
                reason=data["reason"],
                act_number=data["act_number"],
                act_date=data["act_date"],
            )
        if done:
            messages.success(
                request,
                _(
                    "Scorrimento registrato: i fondi liberati sono passati alle domande successive."
                ),
            )
            return redirect(PAGE, call_pk=call.pk)
    return render(
        request,
        "reviews/ranking/scorrimento.html",
        {"call": call, "form": form, "reduction": reduction},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ranking_renounce(request: AuthenticatedHttpRequest, call_pk: int) -> HttpResponse:
    return _scroll(request, call_pk, reduction=False)


@login_required
@require_http_methods(["GET", "POST"])
def ranking_reduce(request: AuthenticatedHttpRequest, call_pk: int) -> HttpResponse:
    return _scroll(request, call_pk, reduction=True)
