"""Load the demo: real entities of DOMAIN.md section 5, demo accounts and
synthetic organisations (x ``--scale``); with ``--scale N``, also 500 x N
synthetic applications to a synthetic call (the benchmarks'). Safe to run
again: nothing doubles."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from conciliare.accounts.models import Role, User
from conciliare.accounts.services import role_assign
from conciliare.audit.services import event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.demo.accounts import ensure_demo_roles, ensure_demo_users
from conciliare.demo.alliances import ensure_demo_alliances
from conciliare.demo.calls import ensure_demo_calls
from conciliare.demo.documents import ensure_demo_documents
from conciliare.demo.evaluation_cycle import ensure_demo_cycle
from conciliare.demo.monitoring_cycle import ensure_demo_monitoring
from conciliare.demo.networks import ensure_demo_committee, ensure_demo_networks
from conciliare.demo.real_entities import REAL_AMBITI, REAL_ORGANISATIONS
from conciliare.demo.synthetic import placeholder_tax_code, synthetic_organisations
from conciliare.demo.synthetic_applications import (
    ensure_synthetic_applications,
    synthetic_application_count,
)
from conciliare.demo.synthetic_monitoring import ensure_synthetic_monitoring
from conciliare.registry.models import Organisation
from conciliare.registry.services import organisation_create
from conciliare.territory.models import Ambito, Comune, Region

BATCH = 2_000


class Command(BaseCommand):
    help = "Load the demo data (idempotent). --scale multiplies the synthetic volume."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=None,
            help=(
                "Multiply the synthetic organisations (1, the default, = the real "
                "volumes); when given, also add 500 x N synthetic applications."
            ),
        )

    def handle(self, *args: Any, scale: int | None, **options: Any) -> None:
        if scale is not None and scale < 1:
            raise CommandError("--scale must be 1 or more")
        synthetic_applications = synthetic_application_count(scale)
        scale = scale or 1
        with transaction.atomic():
            users = ensure_demo_users(irene_tax_code=placeholder_tax_code(1))
            admin = users["admin@conciliare.demo"][1]
            regional_officer = users["regione@conciliare.demo"][1]
            role_assign(actor=admin, user=regional_officer, role=Role.REGIONAL_OFFICER)
            real_added = self._load_real(actor=regional_officer)
            ensure_demo_roles(users)
        created_docs = ensure_demo_documents(actor=regional_officer)
        created = self._load_synthetic(actor=regional_officer, scale=scale)
        memberships = ensure_demo_networks(
            officers={
                "milano": users["ats.milano@conciliare.demo"][1],
                "brescia": users["ats.brescia@conciliare.demo"][1],
            },
            citizen=users["cittadino@conciliare.demo"][1],
            representative=users["irene@conciliare.demo"][1],
            regional=regional_officer,
            scale=scale,
        )
        ensure_demo_committee(
            officer=users["ats.milano@conciliare.demo"][1],
            chair=users["comitato.milano@conciliare.demo"][1],
            member=users["elena.sala@conciliare.demo"][1],
        )
        alliances = ensure_demo_alliances(actor=regional_officer, scale=scale)
        # ATS Milano's DTI and calls; applications only at the real volume
        # (benchmarks generate their own)
        calls, applications = ensure_demo_calls(
            officer=users["ats.milano@conciliare.demo"][1], admin=admin
        )
        # the 2020 call's review, ranking, plan and agreements (issue 6)
        cycle = ensure_demo_cycle(
            officer=users["ats.milano@conciliare.demo"][1], regional=regional_officer
        )
        # the 2020 projects carried out, reported, checked and paid (issue 7)
        monitored = ensure_demo_monitoring(
            officer=users["ats.milano@conciliare.demo"][1], admin=admin
        )
        # the synthetic projects' reports, statements and payments (x scale)
        ensure_synthetic_monitoring(actor=regional_officer)
        # only with --scale: the officers' pages measured on thousands
        applications += ensure_synthetic_applications(
            officer=users["ats.milano@conciliare.demo"][1],
            count=synthetic_applications,
        )
        public_cache_invalidate()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {Organisation.objects.count()} organisations "
                f"({real_added} real and {created} synthetic added), "
                f"{created_docs} documents, {memberships} memberships and "
                f"{alliances} alliances, {calls} calls and {applications} "
                "applications added"
                + (
                    "; ATS Milano's 2020 call reviewed, ranked and planned"
                    if cycle
                    else ""
                )
                + (
                    "; its projects carried out, reported and paid."
                    if monitored
                    else "."
                )
            )
        )
        self.stdout.write(
            "Try: irene@conciliare.demo (AGRIWEL, submitted to ATS Milano's 2020 "
            "call) can start an application to the open call; "
            "arche@conciliare.demo and magnago@conciliare.demo have drafts there."
        )

    def _load_real(self, *, actor: User) -> int:
        """The organisations named in the sources, created through the service."""
        added = 0
        for index, (key, name, form, typology, size, comune, website) in enumerate(
            REAL_ORGANISATIONS, start=1
        ):
            tax_code = placeholder_tax_code(index)
            if Organisation.objects.filter(tax_code=tax_code).exists():
                continue
            organisation_create(
                actor=actor,
                data={
                    "legal_name": name,
                    "tax_code": tax_code,
                    "legal_form": form,
                    "typology": typology,
                    "size_class": size,
                    "comune": Comune.objects.get(name=comune),
                    "ambito": (
                        Ambito.objects.get(slug=REAL_AMBITI[key])
                        if key in REAL_AMBITI
                        else None
                    ),
                    "website": website,
                },
            )
            added += 1
        return added

    def _load_synthetic(self, *, actor: User, scale: int) -> int:
        before = Organisation.objects.filter(is_synthetic=True).count()
        batch: list[Organisation] = []
        for organisation in synthetic_organisations(scale=scale):
            batch.append(organisation)
            if len(batch) >= BATCH:
                Organisation.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        if batch:
            Organisation.objects.bulk_create(batch, ignore_conflicts=True)
        added = Organisation.objects.filter(is_synthetic=True).count() - before
        if added:
            event_record(
                actor=actor,
                verb="demo.load_synthetic",
                target=Region.objects.get(istat_code="03"),
                note=f"{added} enti sintetici generati (scala {scale}).",
            )
        return added
