"""Reads of the DTIs and calls: the public ones for everyone, the others for
the ATS's staff and the Region (same 404 for missing and forbidden)."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of, is_regional_officer
from conciliare.calls.models import Call, CallStatus, GuidanceDocument, GuidanceStatus


def call_list_public() -> QuerySet[Call]:
    """Every call that has been published, the newest first."""
    return (
        Call.objects.exclude(status=CallStatus.DRAFT)
        .select_related("ats", "period")
        .order_by("-opens_at", "pk")
    )


def call_get_public(*, pk: int) -> Call:
    return get_object_or_404(
        call_list_public().select_related("guidance", "composition_rules"), pk=pk
    )


def call_visible_to(*, user: Any) -> QuerySet[Call]:
    """The calls ``user`` may open in the reserved area (agrees with
    ``calls.view_call``): the published ones and those of the user's ATS."""
    if is_regional_officer(user):
        return Call.objects.all()
    staff_ats = ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER)
    return Call.objects.filter(~Q(status=CallStatus.DRAFT) | Q(ats_id__in=staff_ats))


def call_list_managed(*, user: Any) -> QuerySet[Call]:
    """The calls an officer runs: those of the user's ATS, or all for the Region."""
    calls = Call.objects.select_related("ats", "period").order_by("-opens_at", "pk")
    if is_regional_officer(user):
        return calls
    return calls.filter(ats_id__in=ats_ids_of(user, Role.ATS_OFFICER))


def call_get_for_user(*, user: Any, pk: int) -> Call:
    return get_object_or_404(
        call_visible_to(user=user).select_related(
            "ats", "period", "guidance", "composition_rules", "created_by"
        ),
        pk=pk,
    )


def guidance_list_public() -> QuerySet[GuidanceDocument]:
    return GuidanceDocument.objects.filter(
        status=GuidanceStatus.ADOPTED
    ).select_related("ats", "period", "act_document")


def guidance_get_public(*, ats_slug: str, period_slug: str) -> GuidanceDocument:
    return get_object_or_404(
        guidance_list_public(), ats__slug=ats_slug, period__slug=period_slug
    )


def guidance_visible_to(*, user: Any) -> QuerySet[GuidanceDocument]:
    """Agrees with ``calls.view_guidance``: adopted ones, and drafts of the
    user's ATS (officers and committee) or of any ATS for the Region."""
    guidance = GuidanceDocument.objects.select_related("ats", "period", "act_document")
    if is_regional_officer(user):
        return guidance
    staff_ats = ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER)
    return guidance.filter(Q(status=GuidanceStatus.ADOPTED) | Q(ats_id__in=staff_ats))


def guidance_list_managed(*, user: Any) -> QuerySet[GuidanceDocument]:
    """The DTIs the user works on: the ATS's staff's own, every one for the Region."""
    guidance = GuidanceDocument.objects.select_related("ats", "period").order_by(
        "-period__starts_on", "ats__code"
    )
    if is_regional_officer(user):
        return guidance
    return guidance.filter(
        ats_id__in=ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER)
    )


def guidance_get_for_user(*, user: Any, pk: int) -> GuidanceDocument:
    guidance = guidance_visible_to(user=user).filter(pk=pk).first()
    if guidance is None:
        raise Http404
    return guidance
