"""Writes of the Scheda partnership: an organisation asks to join an alliance,
the lead body (or the ATS) decides, the requester may withdraw first. Each
step is checked, audited and notified by e-mail once committed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import changes_between, event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.permissions import ensure_perm
from conciliare.partnerships.models import (
    Alliance,
    Partner,
    PartnerRequest,
    PartnerRequestStatus,
    PartnerRole,
)
from conciliare.partnerships.services import (
    CONTRIBUTION_FIELDS,
    already_partner_message,
    contribution_apply,
    contribution_errors,
    partner_insert,
    partner_is_current,
)
from conciliare.registry.models import Organisation

#: The keys of ``data`` that ``partner_request_create`` reads.
PARTNER_REQUEST_FIELDS = frozenset({*CONTRIBUTION_FIELDS, "message"})


@transaction.atomic
def partner_request_create(
    *,
    actor: User,
    alliance: Alliance,
    organisation: Organisation,
    data: dict[str, Any],
) -> PartnerRequest:
    """File a Scheda partnership: ``organisation`` (which ``actor``
    represents) asks to join ``alliance``, stating its contribution.

    Raises PermissionDenied; ApplicationError when the alliance is closed to
    new partners, or the organisation is already a partner or has a request
    waiting; ValidationError keyed by field.
    """
    ensure_perm(actor, "partnerships.file_partner_request", organisation)
    unknown = set(data) - PARTNER_REQUEST_FIELDS
    if unknown:
        raise ValueError(f"not partner request fields: {sorted(unknown)}")
    if not alliance.is_open_to_partners:
        raise ApplicationError(
            _(
                "L'alleanza non accoglie nuovi partner in questo momento: "
                "rivolgersi al referente dell'alleanza."
            )
        )
    if partner_is_current(alliance=alliance, organisation=organisation):
        raise ApplicationError(
            already_partner_message(organisation), field="organisation"
        )
    if _has_open_request(alliance=alliance, organisation=organisation):
        raise _open_request_error(organisation)

    partner_request = PartnerRequest(
        alliance=alliance,
        organisation=organisation,
        requested_by=actor,
        status=PartnerRequestStatus.REQUESTED,
        message=(data.get("message") or "").strip(),
    )
    contribution_apply(partner_request, data)
    errors = contribution_errors(partner_request)
    if not errors and not (
        partner_request.technical_contribution
        or partner_request.content_contribution
        or partner_request.economic_contribution
    ):
        errors["technical_contribution"] = [
            _(
                "Descrivere l'apporto che l'ente intende dare all'alleanza: "
                "tecnico, di contenuto o economico."
            )
        ]
    try:
        partner_request.full_clean(exclude=[*errors], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    _insert(partner_request)
    event_record(
        actor=actor,
        verb="partner_request.create",
        target=partner_request,
        to_state=partner_request.status,
    )
    mail_on_commit(
        _("Scheda partnership per l'alleanza %(alliance)s") % {"alliance": alliance},
        _(
            "%(organisation)s chiede di entrare come partner nell'alleanza "
            "«%(alliance)s». La richiesta si esamina nell'area riservata di "
            "Conciliare, tra le richieste dell'alleanza."
        )
        % {"organisation": organisation.legal_name, "alliance": alliance.name},
        [alliance.contact_email or alliance.lead.email],
    )
    return partner_request


@transaction.atomic
def partner_request_accept(
    *, actor: User, partner_request: PartnerRequest
) -> PartnerRequest:
    """Accept the request: the organisation joins today as a partner, with
    the contribution it proposed."""
    partner_request = _lock(partner_request)
    ensure_perm(actor, "partnerships.decide_partner_request", partner_request)
    alliance = partner_request.alliance
    before = partner_request.status
    partner_request.transition_to(PartnerRequestStatus.ACCEPTED)
    if partner_is_current(alliance=alliance, organisation=partner_request.organisation):
        raise ApplicationError(
            already_partner_message(partner_request.organisation)
            + " "
            + _("La richiesta si può solo non accogliere.")
        )
    partner = Partner(
        alliance=alliance,
        organisation=partner_request.organisation,
        role=PartnerRole.PARTNER,
        joined_on=timezone.localdate(),
    )
    contribution_apply(
        partner, {name: getattr(partner_request, name) for name in CONTRIBUTION_FIELDS}
    )
    try:
        partner_insert(partner)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages)) from None
    _decide(actor=actor, partner_request=partner_request, before=before)
    event_record(
        actor=actor,
        verb="partner.add",
        target=partner,
        changes=changes_between(
            {},
            {
                "organisation": partner.organisation.legal_name,
                "joined_on": partner.joined_on.isoformat(),
            },
        ),
        note=_("Scheda partnership accolta"),
    )
    transaction.on_commit(public_cache_invalidate)
    _notify_requester(
        partner_request,
        _("Scheda partnership accolta: %(alliance)s"),
        _(
            "La richiesta di %(organisation)s di entrare nell'alleanza "
            "«%(alliance)s» è stata accolta: l'ente è partner dell'alleanza "
            "da oggi."
        ),
    )
    return partner_request


@transaction.atomic
def partner_request_decline(
    *, actor: User, partner_request: PartnerRequest, reason: str
) -> PartnerRequest:
    """Decline the request, stating the reason the requester will read."""
    partner_request = _lock(partner_request)
    ensure_perm(actor, "partnerships.decide_partner_request", partner_request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Indicare la motivazione: sarà comunicata all'ente.")}
        )
    before = partner_request.status
    partner_request.transition_to(PartnerRequestStatus.DECLINED)
    partner_request.decision_reason = reason
    _decide(actor=actor, partner_request=partner_request, before=before, note=reason)
    _notify_requester(
        partner_request,
        _("Scheda partnership non accolta: %(alliance)s"),
        _(
            "La richiesta di %(organisation)s di entrare nell'alleanza "
            "«%(alliance)s» non è stata accolta, con questa motivazione:"
        ),
        extra=reason,
    )
    return partner_request


@transaction.atomic
def partner_request_withdraw(
    *, actor: User, partner_request: PartnerRequest
) -> PartnerRequest:
    """The requester withdraws the request before the decision."""
    partner_request = _lock(partner_request)
    ensure_perm(actor, "partnerships.withdraw_partner_request", partner_request)
    before = partner_request.status
    partner_request.transition_to(PartnerRequestStatus.WITHDRAWN)
    partner_request.save(update_fields=["status", "updated_at"])
    event_record(
        actor=actor,
        verb="partner_request.withdraw",
        target=partner_request,
        from_state=before,
        to_state=partner_request.status,
    )
    alliance = partner_request.alliance
    mail_on_commit(
        _("Scheda partnership ritirata: %(alliance)s") % {"alliance": alliance},
        _(
            "%(organisation)s ha ritirato la richiesta di entrare "
            "nell'alleanza «%(alliance)s»."
        )
        % {
            "organisation": partner_request.organisation.legal_name,
            "alliance": alliance.name,
        },
        [alliance.contact_email or alliance.lead.email],
    )
    return partner_request


def _decide(
    *, actor: User, partner_request: PartnerRequest, before: str, note: str = ""
) -> None:
    partner_request.decided_by = actor
    partner_request.decided_at = timezone.now()
    partner_request.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "updated_at",
        ]
    )
    verb = (
        "partner_request.accept"
        if partner_request.status == PartnerRequestStatus.ACCEPTED
        else "partner_request.decline"
    )
    event_record(
        actor=actor,
        verb=verb,
        target=partner_request,
        from_state=before,
        to_state=partner_request.status,
        note=note,
    )


def _lock(partner_request: PartnerRequest) -> PartnerRequest:
    return (
        PartnerRequest.objects.select_for_update(of=("self",))
        .select_related(
            "alliance__ats", "alliance__lead", "organisation", "requested_by"
        )
        .get(pk=partner_request.pk)
    )


def _has_open_request(*, alliance: Alliance, organisation: Organisation) -> bool:
    return PartnerRequest.objects.filter(
        alliance=alliance,
        organisation=organisation,
        status=PartnerRequestStatus.REQUESTED,
    ).exists()


def _open_request_error(organisation: Organisation) -> ApplicationError:
    return ApplicationError(
        _(
            "%(organisation)s ha già una scheda partnership in attesa di "
            "risposta per questa alleanza."
        )
        % {"organisation": organisation.legal_name},
        field="organisation",
    )


def _insert(partner_request: PartnerRequest) -> None:
    """Insert; a concurrent open request becomes the same clear error."""
    try:
        with transaction.atomic():
            partner_request.save()
    except IntegrityError:
        if _has_open_request(
            alliance=partner_request.alliance,
            organisation=partner_request.organisation,
        ):
            raise _open_request_error(partner_request.organisation) from None
        raise


def _notify_requester(
    partner_request: PartnerRequest, subject: str, body: str, *, extra: str = ""
) -> None:
    values = {
        "organisation": partner_request.organisation.legal_name,
        "alliance": partner_request.alliance.name,
    }
    text = body % values
    if extra:
        text = f"{text}\n\n{extra}"
    mail_on_commit(subject % values, text, [partner_request.requested_by.email])
