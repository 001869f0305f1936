"""Reads of the pages where the alliances prepare their applications: the
calls they may answer, the content of a draft section by section, the
partners' confirmations and the submissions."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from conciliare.accounts.predicates import organisation_ids_of
from conciliare.applications.confirmation_services import (
    no_contribution,
    partner_contributions,
)
from conciliare.applications.models import (
    Application,
    ApplicationAction,
    ApplicationAttachment,
    ApplicationBudgetLine,
    PartnerConfirmation,
    Submission,
)
from conciliare.applications.selectors import application_visible_to
from conciliare.calls.models import Call, CallStatus, RequiredAttachment
from conciliare.partnerships.models import Alliance, Partner, PartnerRole
from conciliare.registry.models import Organisation


@dataclass
class OpenCall:
    """A call open now, with the user's alliances that may still answer it
    and the applications the user's alliances already have for it."""

    call: Call
    alliances: list[Alliance] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)


def alliances_led_by(*, user: Any) -> QuerySet[Alliance]:
    """The alliances whose lead body the user represents."""
    return Alliance.objects.filter(lead_id__in=organisation_ids_of(user)).order_by(
        "name", "pk"
    )


def alliance_choices_for_call(*, user: Any, call: Call) -> QuerySet[Alliance]:
    """The alliances of the call's ATS that the user may apply for."""
    return alliances_led_by(user=user).filter(ats_id=call.ats_id)


def open_calls_for_user(*, user: Any) -> list[OpenCall]:
    """The published calls, open now, of the ATSs of the alliances the user
    leads (three queries, however many calls and alliances)."""
    alliances = list(alliances_led_by(user=user))
    if not alliances:
        return []
    now = timezone.now()
    calls = list(
        Call.objects.open_at(now)
        .filter(ats_id__in={alliance.ats_id for alliance in alliances})
        .select_related("ats")
        .order_by("closes_at", "pk")
    )
    existing: dict[tuple[int, int], Application] = {
        (application.call_id, application.alliance_id): application
        for application in Application.objects.filter(
            call__in=calls, alliance__in=alliances
        ).select_related("alliance")
    }
    result = []
    for call in calls:
        open_call = OpenCall(call=call)
        for alliance in alliances:
            if alliance.ats_id != call.ats_id:
                continue
            application = existing.get((call.pk, alliance.pk))
            if application is None:
                open_call.alliances.append(alliance)
            else:
                open_call.applications.append(application)
        result.append(open_call)
    return result


def call_get_for_application(*, pk: int) -> Call:
    """A call people may apply to or read (never a draft: 404 like a missing
    one)."""
    return get_object_or_404(
        Call.objects.exclude(status=CallStatus.DRAFT).select_related("ats"), pk=pk
    )


def alliance_current_organisations(*, alliance: Alliance) -> QuerySet[Organisation]:
    """The organisations that are current partners (lead included)."""
    return Organisation.objects.filter(
        pk__in=Partner.objects.filter(alliance=alliance, left_on__isnull=True).values(
            "organisation_id"
        )
    ).order_by("legal_name", "pk")


def confirming_organisations(
    *, user: Any, application: Application
) -> QuerySet[Organisation]:
    """The non-lead current partners of the application's alliance that the
    user represents: those the user may confirm for."""
    return Organisation.objects.filter(
        pk__in=Partner.objects.filter(
            alliance_id=application.alliance_id,
            left_on__isnull=True,
            organisation_id__in=organisation_ids_of(user),
        )
        .exclude(role=PartnerRole.LEAD)
        .values("organisation_id")
    ).order_by("legal_name", "pk")


@dataclass
class ConfirmationState:
    partner: Partner
    confirmation: PartnerConfirmation | None
    contribution: dict[str, Any]

    @property
    def is_stale(self) -> bool:
        """Confirmed, but the draft has changed the partner's part since."""
        return (
            self.confirmation is not None
            and self.confirmation.contribution != self.contribution
        )


def partner_confirmation_states(*, application: Application) -> list[ConfirmationState]:
    """Each current partner other than the lead, with its confirmation and
    what the draft now says it does and spends."""
    partners = (
        Partner.objects.filter(
            alliance_id=application.alliance_id, left_on__isnull=True
        )
        .exclude(role=PartnerRole.LEAD)
        .select_related("organisation")
        .order_by("organisation__legal_name", "pk")
    )
    confirmations = {
        confirmation.organisation_id: confirmation
        for confirmation in application.partner_confirmations.select_related(
            "confirmed_by"
        )
    }
    contributions = partner_contributions(application=application)
    return [
        ConfirmationState(
            partner=partner,
            confirmation=confirmations.get(partner.organisation_id),
            contribution=contributions.get(partner.organisation_id, no_contribution()),
        )
        for partner in partners
    ]


def application_actions(*, application: Application) -> QuerySet[ApplicationAction]:
    return application.actions.select_related("responsible")


def application_budget_lines(
    *, application: Application
) -> QuerySet[ApplicationBudgetLine]:
    return application.budget_lines.select_related("organisation")


def application_attachments(
    *, application: Application
) -> QuerySet[ApplicationAttachment]:
    return application.attachments.select_related(
        "document", "requirement", "uploaded_by"
    )


def application_requirements(
    *, application: Application
) -> QuerySet[RequiredAttachment]:
    return application.call.required_attachments.order_by("position", "pk")


def application_submissions(*, application: Application) -> QuerySet[Submission]:
    return application.submissions.select_related(
        "submitted_by", "withdrawn_by", "receipt"
    ).order_by("-submitted_at", "-pk")


def submission_get_for_user(*, user: Any, pk: int) -> Submission:
    """A submission of an application the user may open (404 otherwise)."""
    return get_object_or_404(
        Submission.objects.filter(
            application__in=application_visible_to(user=user)
        ).select_related(
            "application",
            "application__alliance",
            "application__call",
            "receipt",
        ),
        pk=pk,
    )
