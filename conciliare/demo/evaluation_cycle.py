"""ATS Milano's 2020-2023 cycle after the call (issue 6), through the services.

The five applications of seed 001 submitted to the 2020 call are checked
(all admissible), evaluated by four seats of the 2020-2023 committee (two of
them automatically excluded from AGRIWEL, whose partners they represent, and
one declaring a conflict on another application), scored by consensus,
ranked and all funded within ATS Milano's allocation; the Territorial Plan
with one system action is approved by Deliberazione 390 of 29/05/2020 and
validated by the Region in June 2020; the five agreements are signed.

The sources give the titles, the alliances, the act and the month of the
validation: the seats, the scores, the system action and the agreements'
dates are illustrative. The services stamp the present moment; the dates of
this historical cycle are moved back to 2020 afterwards (``_backdate``), as
``calls.py`` does for the DTI.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from conciliare.accounts.models import User
from conciliare.accounts.services import DEMO_TOTP_SECRET, totp_enrol_demo
from conciliare.applications.models import Application
from conciliare.audit.services import event_record
from conciliare.calls.models import Call
from conciliare.core.mail import mail_withheld
from conciliare.demo.call_applications import demo_pdf
from conciliare.demo.calls import CALL_TITLE
from conciliare.demo.history import replayed_at
from conciliare.plans.agreement_services import agreement_sign, agreements_generate
from conciliare.plans.models import Agreement, PlanVersion
from conciliare.plans.plan_content_services import (
    milestones_set,
    plan_summary_set,
    system_action_add,
)
from conciliare.plans.plan_services import (
    plan_approve,
    plan_create,
    plan_send,
    plan_validate,
)
from conciliare.projects.models import Project, ProjectStatus
from conciliare.registry.committee_services import committee_member_add
from conciliare.registry.models import (
    CommitteeMember,
    CommitteeRole,
    Network,
    Organisation,
)
from conciliare.reviews.admissibility_minutes import admissibility_minutes_request
from conciliare.reviews.admissibility_services import review_decide, review_start
from conciliare.reviews.consensus_services import consensus_record
from conciliare.reviews.evaluation_services import (
    assignment_create,
    conflict_declare,
    scores_submit,
)
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ConsensusScore,
    EvaluatorAssignment,
    Ranking,
)
from conciliare.reviews.ranking_services import ranking_approve, ranking_compute
from conciliare.territory.models import ProgrammingPeriod

#: The plan's act (seed 001, DOMAIN.md 5); the ranking is approved by it too,
#: as ATS Brescia approved plan and ranking together (Decreto 241 of 28/05/2020).
PLAN_ACT = ("Deliberazione 390", date(2020, 5, 29))
#: "validated June 2020": the day is illustrative.
VALIDATED_AT = datetime(2020, 6, 16, 10, 0, tzinfo=UTC)
SIGNED_ON = date(2020, 7, 15)
#: The plan's monitoring: the interim report after the first year of
#: activities, the final one two months after the end (31/05/2023) [S5].
MILESTONES = [
    {
        "kind": "interim_report",
        "due_on": date(2021, 7, 30),
        "indicators": "Destinatari raggiunti, attività avviate, spesa sostenuta.",
        "description": "Relazione intermedia dei progetti e delle azioni di sistema.",
    },
    {
        "kind": "final_report",
        "due_on": date(2023, 7, 30),
        "indicators": "Risultati raggiunti e rendicontazione delle spese.",
        "description": "Relazione finale e rendicontazione dei progetti.",
    },
]


@dataclass(frozen=True)
class Seat:
    email: str
    organisation: str  # start of the legal name
    role: str


#: The committee's seats for 2020-2023 (people are the demo accounts).
SEATS = (
    Seat("comitato.milano@conciliare.demo", "Città Metropolitana di Milano", "chair"),
    Seat("elena.sala@conciliare.demo", "CISL Milano Metropoli", "member"),
    Seat("marta.riva@conciliare.demo", "Confindustria Alto Milanese", "member"),
    Seat("luca.moretti@conciliare.demo", "Confcommercio Abbiategrasso", "member"),
)

#: The committee's points per criterion (25, 25, 20, 15, 15), by alliance slug.
#: Magnago's and Lodi's totals tie at 79 and the first criterion too: the
#: earlier submission decides (the call's default tie-breaks).
CONSENSUS = {
    "conciliamoci": ("23", "22", "17", "13", "12"),
    "associazione-irene": ("22", "21", "18", "13", "12"),
    "distretto-ovest-alto-milanese": ("20", "19", "17", "12", "11"),
    "labor-ambito-lodi": ("20", "19", "17", "12", "11"),
    "alleanza-sud-sud-est-milano": ("19", "18", "16", "11", "10"),
}
#: Each evaluator's own points differ from the consensus by these steps.
EVALUATOR_OFFSETS = {
    "comitato.milano@conciliare.demo": ("1", "0", "-1", "0", "1"),
    "elena.sala@conciliare.demo": ("-1", "1", "0", "1", "0"),
    "marta.riva@conciliare.demo": ("0", "-1", "1", "-1", "0"),
    "luca.moretti@conciliare.demo": ("1", "1", "-1", "0", "-1"),
}
#: A declared conflict: Luca Moretti's association works with Magnago's alliance.
DECLARED = {
    ("luca.moretti@conciliare.demo", "distretto-ovest-alto-milanese"): (
        "Confcommercio Abbiategrasso gestisce con il Comune di Magnago lo "
        "sportello imprese del Distretto: mi astengo."
    )
}

SYSTEM_ACTION = {
    "title": "Governance della Rete e supporto alle Alleanze locali",
    "description": (
        "Coordinamento della Rete territoriale e del Comitato, accompagnamento "
        "delle Alleanze nella realizzazione e nella rendicontazione dei "
        "progetti, comunicazione unica delle opportunità di conciliazione."
    ),
    "activities": (
        "Tavoli di coordinamento trimestrali con le Alleanze; sportello di "
        "supporto alla rendicontazione; campagna di comunicazione e pagina "
        "web della Rete; monitoraggio degli indicatori del Piano."
    ),
    "budget": Decimal("193600.00"),
    "operators_note": "Operatori di rete dell'UOS Promozione della salute di ATS Milano.",
    "starts_on": date(2020, 7, 1),
    "ends_on": date(2023, 5, 31),
}
PLAN_SUMMARY = (
    "Il Piano territoriale di conciliazione 2020-2023 di ATS Città Metropolitana "
    "di Milano finanzia i progetti di cinque Alleanze locali (Alto Milanese, "
    "Nord Milano, Sud-Sud Est Milano, Lodigiano e la filiera agricola) e "
    "un'azione di sistema dell'ATS per la governance della Rete."
)


def ensure_demo_cycle(*, officer: User, regional: User) -> bool:
    """Run the 2020 call's cycle once; False when it has already run."""
    call = Call.objects.filter(ats__slug="milano", title=CALL_TITLE).first()
    if call is None or Ranking.objects.filter(call=call).exists():
        return False
    with mail_withheld(), transaction.atomic():
        with replayed_at(datetime(2020, 5, 4, 9, 0, tzinfo=UTC)):
            seats = _seats(officer=officer)
        with replayed_at(datetime(2020, 5, 12, 12, 0, tzinfo=UTC)):
            _admissibility(officer=officer, call=call)
        with replayed_at(datetime(2020, 5, 19, 17, 0, tzinfo=UTC)):
            _evaluation(officer=officer, call=call, seats=seats)
        with replayed_at(datetime(2020, 5, 22, 9, 0, tzinfo=UTC)):
            ranking = ranking_compute(actor=officer, call=call)
        with replayed_at(datetime(2020, 5, 29, 12, 0, tzinfo=UTC)):
            ranking = ranking_approve(
                actor=officer,
                ranking=ranking,
                act_number=PLAN_ACT[0],
                act_date=PLAN_ACT[1],
                committee_minutes=(
                    "Il Comitato di Programmazione, Valutazione e Monitoraggio, "
                    "riunito il 21/05/2020, ha valutato le cinque proposte ammesse "
                    "secondo i criteri dell'Avviso e ne propone il finanziamento."
                ),
            )
            _link_projects(call=call, actor=officer)
        version = _plan(officer=officer, regional=regional, call=call)
        with replayed_at(datetime(2020, 7, 15, 11, 0, tzinfo=UTC)):
            _agreements(officer=officer, version=version)
        _backdate(call=call, ranking=ranking, version=version)
    return True


def _seats(*, officer: User) -> dict[str, CommitteeMember]:
    network = Network.objects.get(ats__slug="milano", period__slug="2020-2023")
    seats: dict[str, CommitteeMember] = {}
    for seat in SEATS:
        user = User.objects.get(email=seat.email)
        member = CommitteeMember.objects.filter(
            network=network, user=user, ends_on__isnull=True
        ).first() or committee_member_add(
            actor=officer,
            network=network,
            user=user,
            organisation=Organisation.objects.get(
                legal_name__startswith=seat.organisation
            ),
            role=CommitteeRole(seat.role),
            starts_on=date(2020, 3, 2),
        )
        totp_enrol_demo(user=user, secret=DEMO_TOTP_SECRET)
        seats[seat.email] = member
    return seats


def _admissibility(*, officer: User, call: Call) -> None:
    for review in review_start(actor=officer, call=call):
        review_decide(
            actor=officer, review=review, decision=AdmissibilityStatus.ADMISSIBLE
        )
    admissibility_minutes_request(actor=officer, call=call)


def _evaluation(
    *, officer: User, call: Call, seats: dict[str, CommitteeMember]
) -> None:
    criteria = list(call.criteria.order_by("position"))
    reviews = ApplicationReview.objects.filter(call=call).select_related(
        "application__alliance"
    )
    for review in reviews:
        slug = review.application.alliance.slug
        consensus = CONSENSUS[slug]
        for email, seat in seats.items():
            assignment = assignment_create(actor=officer, review=review, seat=seat)
            if assignment.is_conflicted:  # detected: the seat's body is a partner
                continue
            note = DECLARED.get((email, slug))
            assignment = conflict_declare(
                actor=seat.user,
                assignment=assignment,
                conflicted=note is not None,
                note=note or "",
            )
            if note is not None:
                continue
            scores_submit(
                actor=seat.user,
                assignment=assignment,
                scores=[
                    {
                        "criterion": criterion.pk,
                        "points": min(
                            criterion.max_points, Decimal(points) + Decimal(offset)
                        ),
                        "comment": _comment(criterion.position),
                    }
                    for criterion, points, offset in zip(
                        criteria, consensus, EVALUATOR_OFFSETS[email], strict=True
                    )
                ],
            )
        consensus_record(
            actor=officer,
            review=review,
            scores=[
                {
                    "criterion": criterion.pk,
                    "points": Decimal(points),
                    "justification": _comment(criterion.position),
                }
                for criterion, points in zip(criteria, consensus, strict=True)
            ],
            note="Punteggi concordati nella seduta del Comitato del 21/05/2020.",
        )


def _comment(position: int) -> str:
    return {
        1: "Risponde ai bisogni e alle priorità del Documento Territoriale di Indirizzo.",
        2: "Obiettivi, azioni e tempi chiari e coerenti.",
        3: "Partenariato ampio, con ruoli definiti e radicamento nel territorio.",
        4: "Cofinanziamento adeguato e piano economico sostenibile.",
        5: "Elementi di innovazione e continuità con le esperienze precedenti.",
    }.get(position, "Valutazione concordata.")


def _link_projects(*, call: Call, actor: User) -> None:
    """The five projects of the 2020-2023 plan already exist (issue 4, seed
    001): they become the funded projects of these applications."""
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    for application in Application.objects.filter(call=call):
        project = Project.objects.filter(
            alliance=application.alliance, period=period, application__isnull=True
        ).first()
        if project is None:
            continue
        previous = project.status
        project.application = application
        project.status = ProjectStatus.FUNDED
        project.save(update_fields=["application", "status", "updated_at"])
        event_record(
            actor=actor,
            verb="demo.project_link",
            target=project,
            from_state=previous,
            to_state=project.status,
            note=f"Progetto della domanda {application.pk}, finanziato dal Piano.",
        )


def _plan(*, officer: User, regional: User, call: Call) -> PlanVersion:
    with replayed_at(datetime(2020, 5, 25, 9, 0, tzinfo=UTC)):
        version = _plan_drafted(officer=officer, call=call)
    with replayed_at(datetime(2020, 5, 29, 12, 0, tzinfo=UTC)):
        version = _plan_approved(officer=officer, version=version)
    with replayed_at(datetime(2020, 5, 30, 9, 0, tzinfo=UTC)):
        version = plan_send(actor=officer, version=version)
    with replayed_at(VALIDATED_AT):
        return plan_validate(actor=regional, version=version)


def _plan_drafted(*, officer: User, call: Call) -> PlanVersion:
    version = plan_create(actor=officer, call=call)
    plan_summary_set(actor=officer, version=version, summary=PLAN_SUMMARY)
    milestones_set(actor=officer, version=version, rows=MILESTONES)
    operators = [
        Organisation.objects.get(legal_name__startswith=name)
        for name in ("Città Metropolitana di Milano", "CGIL Camera del Lavoro")
    ]
    system_action_add(
        actor=officer, version=version, data={**SYSTEM_ACTION, "operators": operators}
    )
    return version


def _plan_approved(*, officer: User, version: PlanVersion) -> PlanVersion:
    pdf = demo_pdf(
        f"{PLAN_ACT[0]} del 29/05/2020",
        "ATS della Città Metropolitana di Milano – Direttore Generale",
        [
            "Approvazione della graduatoria dell'Avviso per le Alleanze locali di "
            "conciliazione e del Piano territoriale di conciliazione 2020-2023.",
        ],
    )
    return plan_approve(
        actor=officer,
        version=version,
        act_number=PLAN_ACT[0],
        act_date=PLAN_ACT[1],
        act_file=ContentFile(pdf, name="deliberazione-390-2020.pdf"),
    )


def _agreements(*, officer: User, version: PlanVersion) -> None:
    signed = demo_pdf(
        "Convenzione sottoscritta",
        "ATS della Città Metropolitana di Milano",
        ["Copia della convenzione sottoscritta digitalmente dalle parti."],
    )
    for agreement in agreements_generate(actor=officer, version=version):
        agreement_sign(
            actor=officer,
            agreement=agreement,
            signed_on=SIGNED_ON,
            signed_file=ContentFile(signed, name=f"{agreement.number}.pdf"),
        )


def _backdate(*, call: Call, ranking: Ranking, version: PlanVersion) -> None:
    """The historical dates of the cycle (see the module docstring)."""
    decided = datetime(2020, 5, 12, 12, 0, tzinfo=UTC)
    scored = datetime(2020, 5, 21, 12, 0, tzinfo=UTC)
    approved = datetime(2020, 5, 29, 12, 0, tzinfo=UTC)
    reviews = ApplicationReview.objects.filter(call=call)
    reviews.update(
        prechecked_at=datetime(2020, 5, 4, 9, 0, tzinfo=UTC),
        decided_at=decided,
        consensus_recorded_at=scored,
    )
    assignments = EvaluatorAssignment.objects.filter(review__call=call)
    assignments.update(assigned_at=datetime(2020, 5, 13, 9, 0, tzinfo=UTC))
    assignments.exclude(conflict_declared_at=None).update(
        conflict_declared_at=datetime(2020, 5, 14, 9, 0, tzinfo=UTC)
    )
    assignments.exclude(submitted_at=None).update(
        submitted_at=datetime(2020, 5, 19, 17, 0, tzinfo=UTC)
    )
    ConsensusScore.objects.filter(review__call=call).update(recorded_at=scored)
    Ranking.objects.filter(pk=ranking.pk).update(
        computed_at=datetime(2020, 5, 22, 9, 0, tzinfo=UTC), approved_at=approved
    )
    PlanVersion.objects.filter(pk=version.pk).update(
        approved_at=approved,
        sent_at=datetime(2020, 5, 30, 9, 0, tzinfo=UTC),
        validated_at=VALIDATED_AT,
    )
    Agreement.objects.filter(plan_version=version).update(signed_on=SIGNED_ON)
