"""Writes of the network committee (Comitato di Programmazione, Valutazione e
Monitoraggio): seats, meetings, attendance and decisions; each is checked and
audited, and notifies by e-mail once committed."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import Role, RoleAssignment, User
from conciliare.audit.services import event_record
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.permissions import ensure_perm
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.services import document_create
from conciliare.registry.models import (
    CommitteeMeeting,
    CommitteeMember,
    CommitteeRole,
    MeetingAttendance,
    MeetingDecision,
    Membership,
    MembershipStatus,
    Network,
    Organisation,
)

if TYPE_CHECKING:
    from django.core.files import File

#: The memberships that let an organisation sit on the committee.
SEATED_MEMBERSHIP_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.PRESUMED)


@transaction.atomic
def committee_member_add(
    *,
    actor: User,
    network: Network,
    user: User,
    organisation: Organisation,
    role: str,
    starts_on: datetime.date,
) -> CommitteeMember:
    """Seat ``user`` on the committee of ``network`` for ``organisation``.

    The person also gets the committee role for the network's ATS. Raises
    ApplicationError (with the form field) for an organisation that is not a
    member of the network, a person already seated, or a second chair.
    """
    ensure_perm(actor, "registry.manage_committee", network)
    if role not in CommitteeRole.values:
        raise ApplicationError(_("Ruolo non valido."), field="role")
    if not Membership.objects.filter(
        network=network,
        organisation=organisation,
        status__in=SEATED_MEMBERSHIP_STATUSES,
    ).exists():
        raise ApplicationError(
            _("%(organisation)s non è un ente aderente alla rete.")
            % {"organisation": organisation.legal_name},
            field="tax_code",
        )
    current = CommitteeMember.objects.filter(network=network, ends_on__isnull=True)
    if current.filter(user=user).exists():
        raise ApplicationError(
            _("%(person)s fa già parte del comitato.") % {"person": user},
            field="email",
        )
    if (
        role == CommitteeRole.CHAIR
        and current.filter(role=CommitteeRole.CHAIR).exists()
    ):
        raise _second_chair_error()
    member = CommitteeMember(
        network=network,
        user=user,
        organisation=organisation,
        role=role,
        starts_on=starts_on,
    )
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # a concurrent seat or chair
        if role == CommitteeRole.CHAIR:
            raise _second_chair_error() from None
        raise
    event_record(
        actor=actor,
        verb="committee.member_add",
        target=member,
        to_state=member.role,
        changes={"organisation": [None, organisation.legal_name]},
    )
    _assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=Role.COMMITTEE_MEMBER, ats_id=network.ats_id
    )
    if created:
        event_record(
            actor=actor,
            verb="role.assign",
            target=user,
            changes={
                "role": [None, Role.COMMITTEE_MEMBER.value],
                "ats": [None, str(network.ats)],
            },
        )
    subject = _("Nomina nel Comitato della %(network)s") % {"network": network}
    body = _(
        "È stata nominata/o %(role)s del Comitato di Programmazione, Valutazione "
        "e Monitoraggio della %(network)s in rappresentanza di %(organisation)s."
    ) % {
        "role": member.role_label,
        "network": network,
        "organisation": organisation.legal_name,
    }
    mail_on_commit(subject, body, [user.email])
    return member


@transaction.atomic
def committee_member_end(
    *, actor: User, member: CommitteeMember, ends_on: datetime.date
) -> CommitteeMember:
    """End a seat; the committee role goes when no other seat in the ATS stays."""
    member = (
        CommitteeMember.objects.select_for_update(of=("self",))
        .select_related("network__ats", "user")
        .get(pk=member.pk)
    )
    ensure_perm(actor, "registry.manage_committee", member)
    if member.ends_on is not None:
        raise ApplicationError(_("Il componente non è più in carica."))
    if ends_on < member.starts_on:
        raise ApplicationError(
            _("La fine del mandato non può precedere l'inizio."), field="ends_on"
        )
    member.ends_on = ends_on
    member.save(update_fields=["ends_on", "updated_at"])
    event_record(
        actor=actor,
        verb="committee.member_end",
        target=member,
        changes={"ends_on": [None, ends_on.isoformat()]},
    )
    ats_id = member.network.ats_id
    still_seated = CommitteeMember.objects.filter(
        user=member.user, network__ats_id=ats_id, ends_on__isnull=True
    ).exists()
    if not still_seated:
        deleted, _rows = RoleAssignment.objects.filter(
            user=member.user, role=Role.COMMITTEE_MEMBER, ats_id=ats_id
        ).delete()
        if deleted:
            event_record(
                actor=actor,
                verb="role.revoke",
                target=member.user,
                changes={
                    "role": [Role.COMMITTEE_MEMBER.value, None],
                    "ats": [str(member.network.ats), None],
                },
            )
    return member


@transaction.atomic
def meeting_schedule(
    *,
    actor: User,
    network: Network,
    held_on: datetime.datetime,
    place: str,
    agenda: str,
) -> CommitteeMeeting:
    """Convene the committee of ``network``; its current members are told."""
    ensure_perm(actor, "registry.manage_committee", network)
    place, agenda = place.strip(), agenda.strip()
    if not place:
        raise ApplicationError(_("Indicare il luogo della riunione."), field="place")
    if not agenda:
        raise ApplicationError(_("Indicare l'ordine del giorno."), field="agenda")
    meeting = CommitteeMeeting.objects.create(
        network=network, held_on=held_on, place=place, agenda=agenda
    )
    event_record(actor=actor, verb="committee.meeting_schedule", target=meeting)
    recipients = CommitteeMember.objects.filter(
        network=network, ends_on__isnull=True
    ).values_list("user__email", flat=True)
    subject = _("Convocazione del Comitato della %(network)s") % {"network": network}
    body = _("%(meeting)s, %(place)s.\n\nOrdine del giorno:\n%(agenda)s") % {
        "meeting": meeting,
        "place": place,
        "agenda": agenda,
    }
    mail_on_commit(subject, body, list(recipients))
    return meeting


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    meeting: CommitteeMeeting,
    present_member_ids: Iterable[int],
    decisions: list[str],
    minutes: Document | None,
    minutes_file: "File[bytes] | None" = None,
) -> CommitteeMeeting:
    """Record who attended, the decisions (numbered 1..n, replacing earlier
    ones) and the minutes of ``meeting``: an existing document, or a file
    uploaded now and stored as the meeting's minutes (private)."""
    meeting = (
        CommitteeMeeting.objects.select_for_update(of=("self",))
        .select_related("network__ats", "network__period")
        .get(pk=meeting.pk)
    )
    ensure_perm(actor, "registry.manage_committee", meeting)
    if minutes is not None and minutes_file is not None:
        raise ApplicationError(
            _(
                "Scegliere un verbale già caricato oppure caricarne uno nuovo, non entrambi."
            ),
            field="minutes_file",
        )
    if minutes_file is not None:
        minutes = _minutes_store(actor=actor, meeting=meeting, file=minutes_file)
    if minutes is not None and (
        minutes.kind != DocumentKind.MINUTES or minutes.ats_id != meeting.ats_id
    ):
        raise ApplicationError(
            _("Il verbale deve essere un documento di tipo verbale della stessa ATS."),
            field="minutes",
        )
    members = list(
        CommitteeMember.objects.filter(
            network_id=meeting.network_id, ends_on__isnull=True
        )
    )
    present = set(present_member_ids)
    unknown = present - {m.pk for m in members}
    if unknown:
        raise ApplicationError(
            _("Alcuni presenti non sono componenti in carica del comitato."),
            field="present",
        )
    texts = [text.strip() for text in decisions if text.strip()]

    meeting.attendances.all().delete()
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, member=m, present=m.pk in present)
        for m in members
    )
    meeting.decisions.all().delete()
    MeetingDecision.objects.bulk_create(
        MeetingDecision(meeting=meeting, number=number, text=text)
        for number, text in enumerate(texts, start=1)
    )
    before_minutes = meeting.minutes_id
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes", "updated_at"])
    event_record(
        actor=actor,
        verb="committee.meeting_record",
        target=meeting,
        changes={
            "present": [None, len(present)],
            "decisions": [None, len(texts)],
            "minutes": [before_minutes, minutes.pk if minutes else None],
        },
    )
    return meeting


def _minutes_store(
    *, actor: User, meeting: CommitteeMeeting, file: "File[bytes]"
) -> Document:
    """The uploaded minutes as a private document of the network's ATS."""
    held_on = timezone.localdate(meeting.held_on)
    try:
        return document_create(
            actor=actor,
            data={
                "title": _("Verbale del Comitato, %(meeting)s")
                % {"meeting": str(meeting)},
                "kind": DocumentKind.MINUTES,
                "valid_from": held_on,
                "is_public": False,
                "ats": meeting.network.ats,
                "period": meeting.network.period,
            },
            file=file,
        )
    except ValidationError as exc:
        messages = exc.message_dict.get("file") or exc.messages
        raise ApplicationError(" ".join(messages), field="minutes_file") from exc


def _second_chair_error() -> ApplicationError:
    return ApplicationError(
        _("Il comitato ha già un presidente in carica."), field="role"
    )
