"""HTML pages of a network's committee: members, meetings and their record
(function-based)."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.registry import committee_selectors as selectors
from conciliare.registry import committee_services as services
from conciliare.registry.committee_forms import (
    CommitteeMemberAddForm,
    CommitteeMemberEndForm,
    MeetingRecordForm,
    MeetingScheduleForm,
)
from conciliare.registry.models import CommitteeMeeting, CommitteeMember, Network


@login_required
@require_http_methods(["GET"])
def committee_detail(
    request: AuthenticatedHttpRequest, network_pk: int
) -> HttpResponse:
    network = selectors.network_get_for_committee(user=request.user, pk=network_pk)
    return _render_committee(
        request, network, CommitteeMemberAddForm(), MeetingScheduleForm()
    )


@login_required
@require_http_methods(["POST"])
def committee_member_add(
    request: AuthenticatedHttpRequest, network_pk: int
) -> HttpResponse:
    network = selectors.network_get_for_committee(user=request.user, pk=network_pk)
    if not request.user.has_perm("registry.manage_committee", network):
        raise PermissionDenied
    form = CommitteeMemberAddForm(request.POST)
    if form.is_valid() and form.user is not None and form.organisation is not None:
        try:
            services.committee_member_add(
                actor=request.user,
                network=network,
                user=form.user,
                organisation=form.organisation,
                role=form.cleaned_data["role"],
                starts_on=form.cleaned_data["starts_on"],
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Componente aggiunto al comitato."))
            return redirect("committee:committee-detail", network_pk=network.pk)
    return _render_committee(
        request, network, form, MeetingScheduleForm(), status=HTTPStatus.BAD_REQUEST
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_member_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        CommitteeMember.objects.select_related(
            "network__ats", "network__period", "user", "organisation"
        ),
        pk=pk,
    )
    if not request.user.has_perm("registry.manage_committee", member):
        raise PermissionDenied
    form = CommitteeMemberEndForm(
        request.POST or None, initial={"ends_on": timezone.localdate()}
    )
    status = HTTPStatus.OK
    if request.method == "POST":
        if form.is_valid():
            try:
                services.committee_member_end(
                    actor=request.user,
                    member=member,
                    ends_on=form.cleaned_data["ends_on"],
                )
            except ApplicationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Mandato concluso."))
                return redirect(
                    "committee:committee-detail", network_pk=member.network_id
                )
        status = HTTPStatus.BAD_REQUEST
    return render(
        request,
        "registry/committee_member_end.html",
        {"member": member, "network": member.network, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def meeting_schedule(
    request: AuthenticatedHttpRequest, network_pk: int
) -> HttpResponse:
    network = selectors.network_get_for_committee(user=request.user, pk=network_pk)
    if not request.user.has_perm("registry.manage_committee", network):
        raise PermissionDenied
    form = MeetingScheduleForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.meeting_schedule(
                actor=request.user,
                network=network,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                agenda=form.cleaned_data["agenda"],
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Riunione convocata."))
            return redirect(meeting)
    return _render_committee(
        request,
        network,
        CommitteeMemberAddForm(),
        form,
        status=HTTPStatus.BAD_REQUEST,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.view_committee", meeting):
        raise PermissionDenied
    can_manage = request.user.has_perm("registry.manage_committee", meeting)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = None
    status = HTTPStatus.OK
    if can_manage:
        attendances = list(meeting.attendances.all())
        form = MeetingRecordForm(
            request.POST or None,
            request.FILES or None,
            members=selectors.committee_member_list(network=meeting.network),
            minutes=selectors.minutes_choices(meeting=meeting),
            initial={
                "present": [a.member_id for a in attendances if a.present],
                "decisions": "\n".join(d.text for d in meeting.decisions.all()),
                "minutes": meeting.minutes_id,
            },
        )
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.meeting_record(
                        actor=request.user,
                        meeting=meeting,
                        present_member_ids=[m.pk for m in form.cleaned_data["present"]],
                        decisions=form.decision_texts(),
                        minutes=form.cleaned_data["minutes"],
                        minutes_file=form.cleaned_data["minutes_file"],
                    )
                except ApplicationError as exc:
                    form.add_service_error(exc)
                else:
                    messages.success(request, _("Riunione registrata."))
                    return redirect(meeting)
            status = HTTPStatus.BAD_REQUEST
    return render(
        request,
        "registry/committee_meeting_detail.html",
        {
            "meeting": meeting,
            "network": meeting.network,
            "attendances": meeting.attendances.all(),
            "decisions": meeting.decisions.all(),
            "form": form,
            "can_manage": can_manage,
            "events": event_list_for_object(target=meeting) if can_manage else None,
        },
        status=status,
    )


def _render_committee(
    request: AuthenticatedHttpRequest,
    network: Network,
    member_form: CommitteeMemberAddForm,
    meeting_form: MeetingScheduleForm,
    status: int = HTTPStatus.OK,
) -> HttpResponse:
    meetings: list[CommitteeMeeting] = list(selectors.meeting_list(network=network))
    return render(
        request,
        "registry/committee_detail.html",
        {
            "network": network,
            "members": selectors.committee_member_list(network=network),
            "meetings": meetings,
            "member_form": member_form,
            "meeting_form": meeting_form,
            "can_manage": request.user.has_perm("registry.manage_committee", network),
        },
        status=status,
    )
