"""Demo networks: one per ATS for 2020-2023 (closed) and 2025-2027 (open),
with members at the sizes the sources give, a few people waiting for a
decision, and the real organisations' history written by the services."""

import random
from datetime import UTC, date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.registry.membership_services import (
    membership_approve,
    membership_request,
)
from conciliare.registry.models import (
    LIVE_MEMBERSHIP_STATUSES,
    Membership,
    MembershipStatus,
    Network,
    Organisation,
    ProtocolCounter,
)
from conciliare.territory.models import ATS, InterventionArea, ProgrammingPeriod

#: Members of each network in 2020-2023 where the sources give them (DOMAIN.md 1).
KNOWN_SIZES = {"milano": 398, "montagna": 119, "brianza": 97, "val-padana": 160}
#: Real organisations that ask to join in the demo and wait for the ATS.
PENDING = {
    "milano": ["Casa dell'Agricoltura", "Il giardino dei bambini", "CNA Milano"],
    "brescia": ["Comune di Montichiari"],
}
#: The real organisation whose 2025-2027 membership goes through the services,
#: asked by its demo representative and approved by the ATS Milano officer.
APPROVED = ["Associazione IRENE"]


def ensure_demo_networks(
    *,
    officers: dict[str, User],
    citizen: User,
    representative: User,
    regional: User,
    scale: int = 1,
) -> int:
    """Create the networks and their members once; return the memberships added."""
    if Network.objects.exists():
        return 0
    with transaction.atomic():
        added = _bulk_members(regional=regional, scale=scale)
    added += _through_services(
        officers=officers, citizen=citizen, representative=representative
    )
    return added


def _bulk_members(*, regional: User, scale: int) -> int:
    old = ProgrammingPeriod.objects.get(slug="2020-2023")
    new = ProgrammingPeriod.objects.get(slug="2025-2027")
    rng = random.Random("conciliare-demo-networks")
    added = 0
    for ats in ATS.objects.order_by("code"):
        closed = Network.objects.create(ats=ats, period=old, is_open=False)
        current = Network.objects.create(ats=ats, period=new, is_open=True)
        organisations = list(
            Organisation.objects.filter(ambito__ats=ats)
            .exclude(
                _named(*APPROVED, *(n for names in PENDING.values() for n in names))
            )
            .order_by("is_synthetic", "pk")
        )
        known = KNOWN_SIZES.get(ats.slug)
        size = min(known * scale, len(organisations)) if known else len(organisations)
        members = organisations[:size]
        # members since the networks' first years (statistics by join year)
        since = {
            organisation.pk: date(rng.randint(2014, 2021), rng.randint(1, 12), 15)
            for organisation in members
        }
        old_rows = _rows(
            closed, members, rng, year=2020, status=MembershipStatus.ACTIVE, since=since
        )
        # 2025-2027: members carried over; most confirmed, some not yet, a few left
        new_rows = []
        for row in _rows(
            current,
            members,
            rng,
            year=2026,
            status=MembershipStatus.ACTIVE,
            since=since,
        ):
            draw = rng.random()
            if draw < 0.12:
                row.status = MembershipStatus.PRESUMED
            elif draw < 0.15:
                row.status = MembershipStatus.WITHDRAWN
            new_rows.append(row)
        added += _insert(old_rows, rng, years=(2020, 2021), period_areas=old)
        added += _insert(new_rows, rng, years=(2026, 2026), period_areas=new)
        for network in (closed, current):
            event_record(
                actor=regional,
                verb="demo.load_members",
                target=network,
                note=f"{network.memberships.count()} adesioni dimostrative.",
            )
    return added


def _named(*prefixes: str) -> Q:
    """Organisations whose name starts with one of ``prefixes``."""
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(legal_name__startswith=prefix)
    return condition


def _rows(
    network: Network,
    organisations: list[Organisation],
    rng: random.Random,
    *,
    year: int,
    status: str,
    since: dict[int, date],
) -> list[Membership]:
    now = timezone.now()
    start = _next_number(network.ats, year, len(organisations))
    return [
        Membership(
            network=network,
            organisation=organisation,
            status=status,
            protocol_number=f"{network.ats.code}-{year}-{start + index:05d}",
            requested_by_id=_system_requester().pk,
            legal_representative="Legale rappresentante (dato dimostrativo)",
            contact_name="Referente (dato dimostrativo)",
            contact_email=organisation.email or "referente@ente-sintetico.example",
            privacy_accepted_at=now,
            regulation_accepted_at=now,
            directory_consent=rng.random() < 0.8,
            decided_at=now,
            member_since=since[organisation.pk],
        )
        for index, organisation in enumerate(organisations)
    ]


def _insert(
    rows: list[Membership],
    rng: random.Random,
    *,
    years: tuple[int, int],
    period_areas: ProgrammingPeriod,
) -> int:
    created = Membership.objects.bulk_create(rows, batch_size=1000)
    # join dates spread over the period's first years (the statistics by year)
    by_year: dict[int, list[int]] = {}
    for membership in created:
        by_year.setdefault(rng.randint(*years), []).append(membership.pk)
    for year, pks in by_year.items():
        when = datetime(year, rng.randint(1, 12), 15, 10, 0, tzinfo=UTC)
        Membership.objects.filter(pk__in=pks).update(created_at=when)
    areas = list(InterventionArea.objects.filter(period=period_areas))
    if areas:
        through = Membership.areas.through
        through.objects.bulk_create(
            [
                through(membership_id=m.pk, interventionarea_id=area.pk)
                for m in created
                for area in rng.sample(areas, k=rng.randint(1, min(3, len(areas))))
            ],
            batch_size=2000,
        )
    return len(created)


def _next_number(ats: ATS, year: int, count: int) -> int:
    counter, _created = ProtocolCounter.objects.get_or_create(ats=ats, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


def _system_requester() -> User:
    from conciliare.accounts.services import system_user

    return system_user()


def _through_services(
    *, officers: dict[str, User], citizen: User, representative: User
) -> int:
    """Real organisations: requests filed and decided as people would."""
    period = ProgrammingPeriod.objects.get(slug="2025-2027")
    added = 0
    areas = list(InterventionArea.objects.filter(period=period))
    for prefix in APPROVED:
        organisation = Organisation.objects.get(legal_name__startswith=prefix)
        membership = _request(representative, organisation, period, areas)
        membership_approve(
            actor=officers["milano"],
            membership=membership,
            verification_note=(
                f"PEC dell'ente prot. {membership.pk} del "
                f"{timezone.localdate():%d/%m/%Y} (dato dimostrativo)."
            ),
        )
        added += 1
    for names in PENDING.values():
        for name in names:
            organisation = Organisation.objects.get(legal_name__startswith=name)
            _request(citizen, organisation, period, areas)
            added += 1
    return added


def _request(
    citizen: User, organisation: Organisation, period: ProgrammingPeriod, areas: Any
) -> Membership:
    network = Network.objects.get(ats__ambiti=organisation.ambito_id, period=period)
    live = Membership.objects.filter(
        network=network, organisation=organisation, status__in=LIVE_MEMBERSHIP_STATUSES
    ).first()
    if live is not None:
        return live
    return membership_request(
        actor=citizen,
        network=network,
        organisation=organisation,
        data={
            "legal_representative": "Legale rappresentante (dato dimostrativo)",
            "contact_name": citizen.get_full_name(),
            "contact_email": citizen.email,
            "contact_phone": "",
            "areas": areas[:2],
            "privacy_accepted": True,
            "regulation_accepted": True,
            "directory_consent": True,
        },
    )


def ensure_demo_committee(*, officer: User, chair: User, member: User) -> bool:
    """ATS Milano's committee for 2025-2027 and its first meeting (once)."""
    from conciliare.registry.committee_services import (
        committee_member_add,
        meeting_record,
        meeting_schedule,
    )
    from conciliare.registry.models import CommitteeMember, CommitteeRole

    network = Network.objects.get(ats__slug="milano", period__slug="2025-2027")
    if CommitteeMember.objects.filter(network=network).exists():
        return False
    seats = [
        (chair, "Città Metropolitana di Milano", CommitteeRole.CHAIR),
        (member, "CISL Milano Metropoli", CommitteeRole.MEMBER),
    ]
    members = [
        committee_member_add(
            actor=officer,
            network=network,
            user=user,
            organisation=Organisation.objects.get(legal_name__startswith=name),
            role=role,
            starts_on=date(2026, 1, 15),
        )
        for user, name, role in seats
    ]
    from conciliare.accounts.services import DEMO_TOTP_SECRET, totp_enrol_demo

    for user, _name, _role in seats:  # committee members are staff: TOTP
        totp_enrol_demo(user=user, secret=DEMO_TOTP_SECRET)
    meeting = meeting_schedule(
        actor=officer,
        network=network,
        held_on=datetime(2026, 2, 10, 9, 30, tzinfo=UTC),
        place="ATS Milano, Corso Italia 52, Milano",
        agenda=(
            "1. Insediamento del Comitato\n"
            "2. Regolamento della Rete 2025-2027\n"
            "3. Avvio del Documento Territoriale di Indirizzo"
        ),
    )
    meeting_record(
        actor=officer,
        meeting=meeting,
        present_member_ids=[m.pk for m in members],
        decisions=[
            "Il Comitato si insedia e approva il proprio calendario di lavoro.",
            "Il Comitato avvia la stesura del Documento Territoriale di Indirizzo.",
        ],
        minutes=None,
    )
    return True
