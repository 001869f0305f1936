"""Demo applications to ATS Milano's calls (issue 5).

- The five projects of ATS Milano's Piano territoriale 2020-2023 (seed 001)
  as applications submitted to the 2020 call before its deadline. The
  submission service refuses a closed call, so they are written directly
  (models plus the snapshot helpers of ``conciliare.applications``) as
  historical data, the way ``networks.py`` writes the 2020 memberships.
  The sources give the titles, the alliances and AGRIWEL's value (EUR
  150,000, DOMAIN.md 5): every other figure, action and indicator here is
  illustrative (see ``HISTORICAL`` in ``historical_applications.py``).
- The drafts to the open call are in ``call_drafts.py``.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from html import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from weasyprint import HTML

from conciliare.accounts.models import Role, RoleAssignment, User
from conciliare.accounts.services import system_user
from conciliare.applications.call_figures import call_figures_invalidate
from conciliare.applications.checks import budget_totals
from conciliare.applications.confirmation_services import partner_contribution
from conciliare.applications.models import (
    Application,
    ApplicationAction,
    ApplicationAttachment,
    ApplicationBudgetLine,
    ApplicationIndicator,
    ApplicationStatus,
    ApplicationTargetGroup,
    CofinancingSource,
    PartnerConfirmation,
    Submission,
)
from conciliare.applications.receipt_pdf import (
    submission_receipt_filename,
    submission_receipt_pdf,
)
from conciliare.applications.snapshots import (
    application_snapshot,
    snapshot_fingerprint,
    snapshot_json,
)
from conciliare.audit.services import event_record
from conciliare.calls.models import Call
from conciliare.demo.historical_applications import (
    HISTORICAL,
    PROJECT_END,
    PROJECT_START,
    ROME,
    HistoricalApplication,
)
from conciliare.demo.real_entities import real_tax_codes
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.services import document_store
from conciliare.partnerships.models import Alliance, PartnerRole
from conciliare.registry.models import Organisation, ProtocolCounter
from conciliare.territory.models import ATS


def demo_pdf(title: str, issuer: str, paragraphs: list[str]) -> bytes:
    """A small A4 PDF (WeasyPrint), labelled as a demo document. One font
    weight only: embedding each font costs WeasyPrint about half a second."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    html = f"""<html lang="it"><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 2cm; }} body {{ font-family: sans-serif; }}
      h1 {{ font-size: 16pt; font-weight: normal; }}
      .note {{ color: #5c6f82; font-size: 10pt; }}
    </style></head><body>
      <p>{escape(issuer)}</p><h1>{escape(title)}</h1>{body}
      <p class="note">Documento dimostrativo generato da Conciliare.</p>
    </body></html>"""
    return bytes(HTML(string=html).write_pdf())


# -- historical submissions (2020 call) -----------------------------------------


def ensure_historical_applications(*, call: Call, officer: User) -> int:
    """Submit (once) the five 2020-2023 projects to the closed 2020 call;
    return how many were added."""
    organisations = _real_organisations()
    added = 0
    for spec in HISTORICAL:
        alliance = Alliance.objects.select_related("lead").get(
            ats=call.ats, slug=spec.alliance
        )
        if Application.objects.filter(call=call, alliance=alliance).exists():
            continue
        with transaction.atomic():
            _submit_historical(
                spec,
                call=call,
                alliance=alliance,
                organisations=organisations,
                officer=officer,
            )
        added += 1
    return added


def _submit_historical(
    spec: HistoricalApplication,
    *,
    call: Call,
    alliance: Alliance,
    organisations: dict[str, Organisation],
    officer: User,
) -> Submission:
    """Historical data: the application as it was on the day it was sent,
    with the snapshot, protocol number and receipt the service would give."""
    received_at = spec.received_at
    # lead bodies without a demo account: recorded by the system account
    author = representative_of(alliance.lead) or system_user()
    application = Application.objects.create(
        call=call,
        alliance=alliance,
        ats=call.ats,
        title=spec.title,
        summary=spec.summary,
        objectives=spec.objectives,
        starts_on=PROJECT_START,
        ends_on=PROJECT_END,
        created_by=author,
        updated_by=author,
    )
    application.areas.set(call.areas.filter(number__in=spec.areas))
    ApplicationAction.objects.bulk_create(
        ApplicationAction(
            application=application,
            title=action.title,
            description=action.description,
            starts_on=action.starts_on,
            ends_on=action.ends_on,
            responsible=organisations[action.responsible],
        )
        for action in spec.actions
    )
    ApplicationTargetGroup.objects.bulk_create(
        ApplicationTargetGroup(
            application=application,
            kind=kind,
            description=description,
            expected_beneficiaries=expected,
        )
        for kind, description, expected in spec.targets
    )
    ApplicationIndicator.objects.bulk_create(
        ApplicationIndicator(
            application=application,
            name=name,
            unit=unit,
            baseline=Decimal(0),
            target=Decimal(target),
        )
        for name, unit, target in spec.indicators
    )
    ApplicationBudgetLine.objects.bulk_create(
        ApplicationBudgetLine(
            application=application,
            organisation=organisations[line.partner],
            category=line.category,
            description=line.description,
            cost=Decimal(line.cost),
            grant_requested=Decimal(line.grant),
            cofinancing=Decimal(line.cost) - Decimal(line.grant),
            cofinancing_source=(
                CofinancingSource.OWN if line.cost != line.grant else ""
            ),
        )
        for line in spec.lines
    )
    prepared_on = timezone.localdate(received_at) - timedelta(days=1)
    _attach_required(application, author=author, on=prepared_on)
    _confirm_partners(application, on=prepared_on)
    snapshot = snapshot_json(application_snapshot(application))
    totals = budget_totals(application)
    submission = Submission.objects.create(
        application=application,
        protocol_number=_protocol_number(call.ats, received_at),
        received_at=received_at,
        submitted_at=received_at + timedelta(seconds=2),
        submitted_by=author,
        snapshot=snapshot,
        snapshot_sha256=snapshot_fingerprint(snapshot),
        grant_requested=totals.grant_requested,
        total_cost=totals.cost,
    )
    call_figures_invalidate(call_id=call.pk)
    application.transition_to(ApplicationStatus.SUBMITTED)
    application.current_submission = submission
    application.submitted_at = submission.submitted_at
    application.version += 1
    application.save()
    # the dates of 2020 (save() would stamp today's)
    Application.objects.filter(pk=application.pk).update(
        created_at=received_at - timedelta(days=40),
        updated_at=submission.submitted_at,
    )
    _store_receipt(submission)
    event_record(
        actor=officer,
        verb="demo.load_application",
        target=application,
        to_state=application.status,
        changes={"protocol_number": [None, submission.protocol_number]},
        note=(
            "Domanda storica inviata il "
            f"{timezone.localtime(received_at):%d/%m/%Y %H:%M}, ricostruita per la "
            "dimostrazione: importi, azioni e indicatori sono indicativi."
        ),
    )
    return submission


def _attach_required(application: Application, *, author: User, on: date) -> None:
    """A small demo PDF for each attachment the call requires."""
    for requirement in application.call.required_attachments.all():
        title = f"{requirement.name} – {application.title}"[:255]
        document = document_store(
            actor=author,
            data={
                "title": title,
                "kind": DocumentKind.OTHER,
                "valid_from": on,
                "is_public": False,
                "ats": application.ats,
                "period": application.call.period,
            },
            file=ContentFile(
                attachment_pdf(str(requirement.name)),
                name=f"allegato-{requirement.position}.pdf",
            ),
            note=f"Allegato della domanda {application.pk} (dato dimostrativo)",
        )
        ApplicationAttachment.objects.create(
            application=application,
            requirement=requirement,
            document=document,
            uploaded_by=author,
        )
    application.attachments.update(
        uploaded_at=datetime.combine(on, time(17, 0), tzinfo=ROME)
    )


@cache
def attachment_pdf(name: str) -> bytes:
    """One demo PDF per kind of attachment, shared by the applications (the
    demo's signed documents carry no content of their own)."""
    return demo_pdf(
        name,
        "Allegato dimostrativo",
        ["Documento sottoscritto dal capofila e dai partner dell'alleanza."],
    )


def _confirm_partners(application: Application, *, on: date) -> None:
    """Each partner's signed declaration, recorded as its confirmation (the
    partners had no account on Conciliare in 2020)."""
    moment = datetime.combine(on, time(12, 0), tzinfo=ROME)
    recorder = system_user()
    PartnerConfirmation.objects.bulk_create(
        PartnerConfirmation(
            application=application,
            organisation=partner.organisation,
            confirmed_by=recorder,
            confirmed_at=moment,
            contribution=partner_contribution(
                application=application, organisation=partner.organisation
            ),
            note="Dichiarazione sottoscritta allegata alla domanda (dato dimostrativo).",
        )
        for partner in application.alliance.partners.filter(
            role=PartnerRole.PARTNER, left_on__isnull=True
        ).select_related("organisation")
    )


def _protocol_number(ats: ATS, moment: datetime) -> str:
    """The next number of the ATS's protocol in the year of ``moment`` (the
    counter the memberships of that year used too)."""
    year = timezone.localdate(moment).year
    ProtocolCounter.objects.get_or_create(ats=ats, year=year)
    counter = ProtocolCounter.objects.select_for_update().get(ats=ats, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{ats.code}-{year}-{counter.last_number:05d}"


def _store_receipt(submission: Submission) -> Document:
    """The PDF receipt, stored as ``receipt_services.submission_receipt_issue``
    stores it, without its e-mail: nobody is told today about a 2020 receipt."""
    application = submission.application
    title = f"Ricevuta di invio della domanda, protocollo {submission.protocol_number}"
    submitted_on = timezone.localdate(submission.submitted_at)
    document = document_store(
        actor=submission.submitted_by,
        data={
            "title": title,
            "kind": DocumentKind.OTHER,
            "act_number": submission.protocol_number,
            "act_date": submitted_on,
            "valid_from": submitted_on,
            "is_public": False,
            "ats": application.ats,
            "period": application.call.period,
        },
        file=ContentFile(
            submission_receipt_pdf(submission=submission),
            name=submission_receipt_filename(submission),
        ),
        note=title,
    )
    Submission.objects.filter(pk=submission.pk).update(receipt=document)
    submission.receipt = document
    return document


def _real_organisations() -> dict[str, Organisation]:
    codes = real_tax_codes()
    by_code = {
        o.tax_code: o for o in Organisation.objects.filter(tax_code__in=codes.values())
    }
    return {key: by_code[code] for key, code in codes.items()}


def representative_of(organisation: Organisation) -> User | None:
    """A demo person who represents ``organisation``, if there is one."""
    assignment = (
        RoleAssignment.objects.filter(
            role=Role.ORGANISATION_REPRESENTATIVE, organisation=organisation
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None
