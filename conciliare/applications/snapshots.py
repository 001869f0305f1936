"""The immutable record of what an application contained when submitted:
plain JSON (amounts as strings, exact to the cent), fingerprinted, so the
receipt, the officers' view and the evaluation all read the same thing."""

import hashlib
import json
from decimal import ROUND_HALF_UP
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from conciliare.applications.checks import budget_totals
from conciliare.applications.models import Application
from conciliare.core.money import CENT
from conciliare.partnerships.composition import alliance_partners_on

SNAPSHOT_VERSION = 1


def application_snapshot(application: Application) -> dict[str, Any]:
    """Everything the lead body submits, read from the database now."""
    call = application.call
    alliance = application.alliance
    totals = budget_totals(application)
    partners = alliance_partners_on(alliance=alliance)
    return {
        "format": SNAPSHOT_VERSION,
        "call": {
            "id": call.pk,
            "title": call.title,
            "ats": str(call.ats),
            "closes_at": call.closes_at.isoformat(),
            "amendments": call.amendments.count(),
        },
        "alliance": {"id": alliance.pk, "name": alliance.name},
        "lead": _organisation(alliance.lead),
        "partners": [
            {**_organisation(p.organisation), "role": p.role} for p in partners
        ],
        "title": application.title,
        "summary": application.summary,
        "objectives": application.objectives,
        "areas": [
            {"number": a.number, "name": a.name}
            for a in application.areas.order_by("number")
        ],
        "starts_on": application.starts_on,
        "ends_on": application.ends_on,
        "actions": [
            {
                "title": a.title,
                "description": a.description,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "responsible": a.responsible.legal_name,
                "responsible_tax_code": a.responsible.tax_code,
            }
            for a in application.actions.select_related("responsible")
        ],
        "target_groups": [
            {
                "kind": t.kind,
                "label": str(t.get_kind_display()),
                "description": t.description,
                "expected_beneficiaries": t.expected_beneficiaries,
            }
            for t in application.target_groups.all()
        ],
        "indicators": [
            {"name": i.name, "unit": i.unit, "baseline": i.baseline, "target": i.target}
            for i in application.indicators.all()
        ],
        "budget_lines": [
            {
                "organisation": b.organisation.legal_name,
                "organisation_tax_code": b.organisation.tax_code,
                "category": b.category,
                "category_label": str(b.get_category_display()),
                "description": b.description,
                "cost": b.cost,
                "grant_requested": b.grant_requested,
                "cofinancing": b.cofinancing,
                "cofinancing_source": b.cofinancing_source,
            }
            for b in application.budget_lines.select_related("organisation")
        ],
        "totals": {
            "cost": totals.cost,
            "grant_requested": totals.grant_requested,
            "cofinancing": totals.cofinancing,
            "cofinancing_share": totals.cofinancing_share.quantize(CENT, ROUND_HALF_UP),
        },
        "attachments": [
            {
                "requirement": a.requirement.name if a.requirement else None,
                "title": a.document.title,
                "filename": a.document.original_filename,
                "size": a.document.size,
                "sha256": a.document.sha256,
                "document_id": a.document_id,
            }
            for a in application.attachments.select_related("requirement", "document")
        ],
        "partner_confirmations": [
            {
                "organisation": c.organisation.legal_name,
                "confirmed_at": c.confirmed_at,
                "contribution": c.contribution,
            }
            for c in application.partner_confirmations.select_related("organisation")
        ],
    }


def snapshot_json(snapshot: dict[str, Any]) -> dict[str, Any]:
    """``snapshot`` as stored: dates, times and amounts turned into strings."""
    result: dict[str, Any] = json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))
    return result


def snapshot_fingerprint(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a stored snapshot."""
    canonical = json.dumps(
        snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _organisation(organisation: Any) -> dict[str, Any]:
    return {
        "name": organisation.legal_name,
        "tax_code": organisation.tax_code,
        "typology": organisation.typology,
    }
