"""Calls and DTIs for tests: ``make_call`` gives an open call of ATS Milano
for 2020-2023 built by the real service (defaults, criteria, attachments)."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats as ats_by_slug
from conciliare.accounts.tests.factories import make_user
from conciliare.calls.models import Call, CallStatus, GuidanceDocument, GuidanceStatus
from conciliare.calls.services import call_create
from conciliare.territory.models import ProgrammingPeriod


def make_guidance(
    *, ats_slug: str = "milano", adopted: bool = True
) -> GuidanceDocument:
    ats = ats_by_slug(ats_slug)
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    guidance, _created = GuidanceDocument.objects.get_or_create(
        ats=ats,
        period=period,
        defaults={
            "title": f"Documento Territoriale di Indirizzo {ats.short_name} 2020-2023",
            "context": "Analisi dei bisogni di conciliazione del territorio.",
            "strategies": "Servizi salva-tempo e sostegno ai caregiver.",
        },
    )
    if adopted and guidance.status != GuidanceStatus.ADOPTED:
        guidance.status = GuidanceStatus.ADOPTED
        guidance.act_number = "103"
        guidance.act_date = date(2020, 2, 28)
        guidance.adopted_at = timezone.now()
        guidance.save()
    return guidance


def call_data(**overrides: Any) -> dict[str, Any]:
    """Valid ``data`` for ``call_create`` (ATS Brianza's 337,126.00 budget)."""
    now = timezone.now()
    data: dict[str, Any] = {
        "title": "Avviso per i progetti delle alleanze locali 2020-2023",
        "description": "Manifestazione di interesse per i progetti di conciliazione.",
        "act_number": "486",
        "act_date": timezone.localdate(),
        "total_budget": Decimal("337126.00"),
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "activities_end_by": timezone.localdate() + timedelta(days=900),
    }
    data.update(overrides)
    return data


def make_call(
    *,
    ats_slug: str = "milano",
    published: bool = True,
    officer: Any = None,
    **overrides: Any,
) -> Call:
    """A call of ``ats_slug`` for 2020-2023 made by ``call_create``; published
    (open now, closing in 30 days) unless ``published=False``."""
    ats = ats_by_slug(ats_slug)
    officer = officer or make_user(Role.ATS_OFFICER, ats=ats)
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    guidance = make_guidance(ats_slug=ats_slug)
    call = call_create(
        actor=officer,
        ats=ats,
        period=period,
        data=call_data(guidance=guidance, **overrides),
    )
    if published:
        call.status = CallStatus.PUBLISHED
        call.published_at = timezone.now()
        call.save(update_fields=["status", "published_at"])
    return call
