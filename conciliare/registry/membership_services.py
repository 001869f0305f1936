"""Writes of the membership lifecycle (adesioni alla rete): each step is
checked, audited, and notifies by e-mail once committed."""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import Role, RoleAssignment, User
from conciliare.audit.services import event_record
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.permissions import ensure_perm
from conciliare.registry.membership_locks import membership_lock
from conciliare.registry.membership_signed_form_services import (
    signed_form_store,
    validate_signed_form,
)
from conciliare.registry.models import (
    LIVE_MEMBERSHIP_STATUSES,
    Membership,
    MembershipStatus,
    Network,
    Organisation,
    ProtocolCounter,
)
from conciliare.registry.services import organisation_register
from conciliare.territory.models import ATS, InterventionArea

if TYPE_CHECKING:
    from django.core.files import File

#: The keys of ``data`` that ``membership_request`` reads.
MEMBERSHIP_REQUEST_FIELDS = frozenset(
    {
        "legal_representative",
        "contact_name",
        "contact_email",
        "contact_phone",
        "areas",
        "privacy_accepted",
        "regulation_accepted",
        "directory_consent",
    }
)


def protocol_number_next(*, ats: ATS) -> str:
    """The next protocol number of ``ats`` this year, e.g. ``321-2026-00042``.

    The counter row is locked until the caller's transaction ends, so two
    requests never get the same number.
    """
    year = timezone.localdate().year
    ProtocolCounter.objects.get_or_create(ats=ats, year=year)
    counter = ProtocolCounter.objects.select_for_update().get(ats=ats, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{ats.code}-{year}-{counter.last_number:05d}"


@transaction.atomic
def membership_request(
    *,
    actor: User,
    network: Network,
    data: dict[str, Any],
    organisation: Organisation | None = None,
    organisation_data: dict[str, Any] | None = None,
    signed_form_file: "File[bytes] | None" = None,
) -> Membership:
    """Ask for an organisation to join ``network`` (any signed-in person).

    The organisation is a registered one (``organisation``) or a new one
    registered now from ``organisation_data`` (``organisation_create``'s
    data), in the same transaction: if the request fails, it is not
    registered either. ``signed_form_file`` is the Modulo di adesione signed
    by the legal representative, when the applicant has it already. The
    applicant accepts the Regolamento in force (``network.regulation``).

    Raises ValidationError keyed by field (consents, contact data, the new
    organisation's data, the signed form) and ApplicationError when the
    network is closed or the organisation already has a live membership.
    """
    if (organisation is None) == (organisation_data is None):
        raise TypeError("give either organisation or organisation_data")
    if not actor.is_authenticated:
        raise ApplicationError(_("Accedere per chiedere l'adesione alla rete."))
    unknown = set(data) - MEMBERSHIP_REQUEST_FIELDS
    if unknown:
        raise ValueError(f"not membership fields: {sorted(unknown)}")
    if not network.is_open:
        raise ApplicationError(
            _("Le adesioni a questa rete sono chiuse: rivolgersi all'ATS.")
        )
    if organisation is not None and _has_live_membership(
        network=network, organisation=organisation
    ):
        raise _already_member_error(organisation)
    errors: dict[str, list[str]] = {}
    if not data.get("privacy_accepted"):
        errors["privacy_accepted"] = [
            _("Per aderire occorre prendere visione dell'informativa privacy.")
        ]
    if not data.get("regulation_accepted"):
        errors["regulation_accepted"] = [
            _("Per aderire occorre accettare il Regolamento della rete.")
        ]
    if signed_form_file is not None:
        try:
            validate_signed_form(signed_form_file)
        except ValidationError as exc:
            errors["signed_form"] = exc.messages
    now = timezone.now()
    membership = Membership(
        network=network,
        organisation=organisation,
        status=MembershipStatus.REQUESTED,
        requested_by=actor,
        legal_representative=(data.get("legal_representative") or "").strip(),
        contact_name=(data.get("contact_name") or "").strip(),
        contact_email=(data.get("contact_email") or "").strip(),
        contact_phone=(data.get("contact_phone") or "").strip(),
        privacy_accepted_at=now,
        regulation_accepted_at=now,
        accepted_regulation_id=network.regulation_id,
        directory_consent=bool(data.get("directory_consent")),
        protocol_number="-",  # assigned below, once the data are valid
    )
    exclude = [*errors, "protocol_number"]
    if organisation is None:
        exclude.append("organisation")  # registered below
    try:
        membership.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    if organisation_data is not None:
        organisation = organisation_register(
            actor=actor,
            data=organisation_data,
            note=_("Registrato con la richiesta di adesione alla %(network)s.")
            % {"network": network},
        )
        membership.organisation = organisation
    membership.protocol_number = protocol_number_next(ats=network.ats)
    if signed_form_file is not None:
        membership.signed_form = signed_form_store(
            actor=actor, membership=membership, file=signed_form_file
        )
    _save_new(membership)
    membership.areas.set(data.get("areas") or [])
    changes: dict[str, list[str | None]] = {}
    if network.regulation is not None:
        changes["accepted_regulation"] = [None, network.regulation.title]
    if membership.signed_form is not None:
        changes["signed_form"] = [None, membership.signed_form.original_filename]
    event_record(
        actor=actor,
        verb="membership.request",
        target=membership,
        to_state=membership.status,
        changes=changes,
    )
    subject = _("Richiesta di adesione ricevuta: protocollo %(number)s") % {
        "number": membership.protocol_number
    }
    body = _(
        "La richiesta di adesione di %(organisation)s alla %(network)s è stata "
        "ricevuta con il numero di protocollo %(number)s. L'ATS la esaminerà e "
        "comunicherà l'esito a questo indirizzo."
    ) % {
        "organisation": membership.organisation.legal_name,
        "network": network,
        "number": membership.protocol_number,
    }
    if membership.signed_form is None:
        body += "\n\n" + _(
            "Per completare la richiesta, scaricare il modulo di adesione "
            "precompilato dalla pagina della richiesta su Conciliare, farlo "
            "firmare al legale rappresentante e caricarlo dalla stessa pagina."
        )
    mail_on_commit(subject, body, [membership.contact_email, actor.email])
    return membership


@transaction.atomic
def membership_approve(
    *, actor: User, membership: Membership, verification_note: str = ""
) -> Membership:
    """Accept a request; the person who filed it represents the organisation.

    Approving hands the organisation to the applicant, so the officer must
    have checked that the request comes from the organisation: the signed
    form is attached, or ``verification_note`` says how it was verified
    (e.g. "PEC prot. 1234 del 10/11/2026"). Raises ValidationError on
    ``verification_note`` otherwise.
    """
    membership = membership_lock(pk=membership.pk)
    ensure_perm(actor, "registry.decide_membership", membership)
    before = membership.status
    membership.transition_to(MembershipStatus.ACTIVE)
    note = (verification_note or "").strip()
    if not note and membership.signed_form_id is None:
        raise ValidationError(
            {
                "verification_note": _(
                    "Il modulo di adesione firmato non è allegato: indicare come "
                    "è stato verificato che la richiesta proviene dall'ente "
                    "(ad esempio «PEC prot. 1234 del 10/11/2026»)."
                )
            }
        )
    now = timezone.now()
    membership.verification_note = note or _(
        "Modulo di adesione firmato dal legale rappresentante allegato."
    )
    membership.verified_at = now
    membership.decided_at = now
    membership.member_since = member_since_for(
        organisation_id=membership.organisation_id,
        ats_id=membership.network.ats_id,
        default=timezone.localdate(),
    )
    membership.save(
        update_fields=[
            "status",
            "decided_at",
            "member_since",
            "verification_note",
            "verified_at",
            "updated_at",
        ]
    )
    event_record(
        actor=actor,
        verb="membership.approve",
        target=membership,
        from_state=before,
        to_state=membership.status,
        changes={
            "verification_note": [None, membership.verification_note],
            "verified_at": [None, now.isoformat()],
        },
        note=membership.verification_note,
    )
    _assignment, created = RoleAssignment.objects.get_or_create(
        user=membership.requested_by,
        role=Role.ORGANISATION_REPRESENTATIVE,
        organisation=membership.organisation,
    )
    if created:
        event_record(
            actor=actor,
            verb="role.assign",
            target=membership.requested_by,
            changes={
                "role": [None, Role.ORGANISATION_REPRESENTATIVE.value],
                "organisation": [None, str(membership.organisation)],
            },
            note=membership.protocol_number,
        )
    _notify(
        membership,
        _("Adesione approvata: protocollo %(number)s"),
        _(
            "L'adesione di %(organisation)s alla %(network)s è stata approvata. "
            "L'ente è ora membro attivo della rete."
        ),
    )
    return membership


@transaction.atomic
def membership_reject(
    *, actor: User, membership: Membership, reason: str
) -> Membership:
    """Refuse a request, stating the reason the applicant will read."""
    return _decide_with_reason(
        actor=actor,
        membership=membership,
        reason=reason,
        target=MembershipStatus.REJECTED,
        perm="registry.decide_membership",
        verb="membership.reject",
        subject=_("Adesione respinta: protocollo %(number)s"),
        body=_(
            "La richiesta di adesione di %(organisation)s alla %(network)s è "
            "stata respinta con la seguente motivazione:"
        ),
    )


@transaction.atomic
def membership_exclude(
    *, actor: User, membership: Membership, reason: str
) -> Membership:
    """The ATS removes a member from the network, stating the reason."""
    return _decide_with_reason(
        actor=actor,
        membership=membership,
        reason=reason,
        target=MembershipStatus.EXCLUDED,
        perm="registry.decide_membership",
        verb="membership.exclude",
        subject=_("Esclusione dalla rete: protocollo %(number)s"),
        body=_(
            "%(organisation)s è stato escluso dalla %(network)s con la seguente "
            "motivazione:"
        ),
    )


@transaction.atomic
def membership_withdraw(*, actor: User, membership: Membership) -> Membership:
    """The member (or the ATS on its behalf) leaves the network."""
    membership = membership_lock(pk=membership.pk)
    ensure_perm(actor, "registry.withdraw_membership", membership)
    _move(actor=actor, membership=membership, target=MembershipStatus.WITHDRAWN)
    _notify(
        membership,
        _("Adesione ritirata: protocollo %(number)s"),
        _("L'adesione di %(organisation)s alla %(network)s è stata ritirata."),
    )
    return membership


@transaction.atomic
def membership_confirm(*, actor: User, membership: Membership) -> Membership:
    """A representative confirms a membership carried over (presumed)."""
    membership = membership_lock(pk=membership.pk)
    ensure_perm(actor, "registry.confirm_membership", membership)
    if membership.status != MembershipStatus.PRESUMED:
        raise ApplicationError(
            _("Si possono confermare solo le adesioni presunte confermate.")
        )
    _move(actor=actor, membership=membership, target=MembershipStatus.ACTIVE)
    return membership


@transaction.atomic
def network_carry_over(*, actor: User, source: Network, target: Network) -> int:
    """Carry the active members of ``source`` into ``target`` as presumed
    confirmed (DGR XI/2398); returns how many memberships were created.

    Organisations already holding a live membership of ``target`` are
    skipped, so running it twice adds nothing.
    """
    ensure_perm(actor, "registry.carry_over_network", source)
    ensure_perm(actor, "registry.carry_over_network", target)
    if source.ats_id != target.ats_id:
        raise ApplicationError(
            _("Si possono riportare solo i membri di una rete della stessa ATS.")
        )
    if source.pk == target.pk:
        raise ApplicationError(_("Scegliere una rete di un altro periodo."))
    already = Membership.objects.filter(
        network=target, status__in=LIVE_MEMBERSHIP_STATUSES
    ).values("organisation_id")
    members = (
        Membership.objects.filter(network=source, status=MembershipStatus.ACTIVE)
        .exclude(organisation_id__in=already)
        .select_related("organisation")
        .prefetch_related("areas")
        .order_by("pk")
    )
    target_areas = {
        area.number: area
        for area in InterventionArea.objects.filter(period_id=target.period_id)
    }
    count = 0
    for member in members:
        carried = Membership.objects.create(
            network=target,
            organisation=member.organisation,
            status=MembershipStatus.PRESUMED,
            protocol_number=protocol_number_next(ats=target.ats),
            requested_by=member.requested_by,
            legal_representative=member.legal_representative,
            contact_name=member.contact_name,
            contact_email=member.contact_email,
            contact_phone=member.contact_phone,
            privacy_accepted_at=member.privacy_accepted_at,
            regulation_accepted_at=member.regulation_accepted_at,
            directory_consent=member.directory_consent,
            member_since=member.member_since,
        )
        carried.areas.set(
            [
                target_areas[area.number]
                for area in member.areas.all()
                if area.number in target_areas
            ]
        )
        event_record(
            actor=actor,
            verb="membership.carry_over",
            target=carried,
            to_state=carried.status,
            note=member.protocol_number,
        )
        count += 1
    event_record(
        actor=actor,
        verb="network.carry_over",
        target=target,
        changes={"carried_over": [0, count]},
        note=str(source),
    )
    return count


def member_since_for(*, organisation_id: int, ats_id: int, default: date) -> date:
    """When the organisation first became a member of a network of the ATS
    (re-joining keeps the history), else ``default``."""
    first: date | None = Membership.objects.filter(
        organisation_id=organisation_id,
        network__ats_id=ats_id,
        member_since__isnull=False,
    ).aggregate(first=Min("member_since"))["first"]
    return min(first, default) if first is not None else default


def _decide_with_reason(
    *,
    actor: User,
    membership: Membership,
    reason: str,
    target: str,
    perm: str,
    verb: str,
    subject: str,
    body: str,
) -> Membership:
    membership = membership_lock(pk=membership.pk)
    ensure_perm(actor, perm, membership)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Indicare la motivazione: sarà comunicata all'ente.")}
        )
    membership.decision_reason = reason
    _move(actor=actor, membership=membership, target=target, note=reason)
    _notify(membership, subject, body, extra=reason)
    return membership


def _move(*, actor: User, membership: Membership, target: str, note: str = "") -> None:
    before = membership.status
    membership.transition_to(target)
    membership.decided_at = timezone.now()
    membership.save(
        update_fields=["status", "decided_at", "decision_reason", "updated_at"]
    )
    event_record(
        actor=actor,
        verb=f"membership.{_VERBS[target]}",
        target=membership,
        from_state=before,
        to_state=membership.status,
        note=note,
    )


_VERBS: dict[str, str] = {
    MembershipStatus.ACTIVE: "confirm",
    MembershipStatus.REJECTED: "reject",
    MembershipStatus.WITHDRAWN: "withdraw",
    MembershipStatus.EXCLUDED: "exclude",
}


def _has_live_membership(*, network: Network, organisation: Organisation) -> bool:
    return Membership.objects.filter(
        network=network,
        organisation=organisation,
        status__in=LIVE_MEMBERSHIP_STATUSES,
    ).exists()


def _already_member_error(organisation: Organisation) -> ApplicationError:
    return ApplicationError(
        _(
            "%(organisation)s ha già una richiesta in corso o un'adesione attiva "
            "a questa rete."
        )
        % {"organisation": organisation.legal_name},
        field="tax_code",
    )


def _save_new(membership: Membership) -> None:
    """Insert; a concurrent live membership becomes the same clear error."""
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        if _has_live_membership(
            network=membership.network, organisation=membership.organisation
        ):
            raise _already_member_error(membership.organisation) from None
        raise


def _notify(
    membership: Membership, subject: str, body: str, *, extra: str = ""
) -> None:
    values = {
        "number": membership.protocol_number,
        "organisation": membership.organisation.legal_name,
        "network": membership.network,
    }
    text = body % values
    if extra:
        text = f"{text}\n\n{extra}"
    mail_on_commit(subject % values, text, [membership.contact_email])
