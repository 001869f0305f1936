"""Public pages of the calls (Avvisi) and of the adopted Documenti
Territoriali di Indirizzo: what an alliance needs to read before applying."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from conciliare.calls.forms import CallFilterForm
from conciliare.calls.guidance_forms import section_heading
from conciliare.calls.models import GUIDANCE_SECTIONS, Call, GuidanceDocument
from conciliare.calls.selectors import (
    call_get_public,
    call_list_public,
    guidance_get_public,
)
from conciliare.core.cache import public_page
from conciliare.core.public_lists import render_public_list
from conciliare.registry.models import Typology

PAGE_SIZE = 20


@require_GET
@public_page
def call_list(request: HttpRequest) -> HttpResponse:
    form = CallFilterForm(request.GET)
    form.is_valid()  # an invalid filter is reported beside the field and ignored
    calls = call_list_public().filter(**form.filters())
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    context = {
        "form": form,
        "page": page,
        "rows": [(call, call.public_status_at(now)) for call in page],
    }
    return render_public_list(request, "calls/call_list.html", context)


@require_GET
@public_page
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_get_public(pk=pk)
    now = timezone.now()
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "public_status": call.public_status_at(now),
            "is_open": call.is_open_at(now),
            **call_rules_context(call),
        },
    )


@require_GET
@public_page
def guidance_detail(request: HttpRequest, ats: str, period: str) -> HttpResponse:
    guidance = guidance_get_public(ats_slug=ats, period_slug=period)
    now = timezone.now()
    calls = call_list_public().filter(guidance=guidance)
    return render(
        request,
        "calls/guidance_detail.html",
        {
            "guidance": guidance,
            "sections": guidance_sections(guidance),
            "calls": [(call, call.public_status_at(now)) for call in calls],
        },
    )


def call_rules_context(call: Call) -> dict[str, Any]:
    """What the call's page shows besides the call: its rules in words,
    areas, criteria, attachments and amendments (each read once)."""
    rules = call.composition_rules
    criteria = list(call.criteria.all())
    return {
        "rules": rules,
        "lead_labels": [
            Typology(value).label
            for value in rules.lead_typologies
            if value in Typology.values
        ],
        "projects_share": 100 - call.system_action_share,
        "areas": list(call.areas.order_by("number")),
        "criteria": criteria,
        "max_score": sum((c.max_points * c.weight for c in criteria), start=0),
        "attachments": list(call.required_attachments.all()),
        "amendments": list(call.amendments.all()),
    }


def guidance_sections(guidance: GuidanceDocument) -> list[tuple[str, str, str]]:
    """(anchor, heading, text) of the six sections, in the document's order."""
    return [
        (
            name.replace("_", "-"),
            section_heading(name),
            getattr(guidance, name),
        )
        for name in GUIDANCE_SECTIONS
    ]
