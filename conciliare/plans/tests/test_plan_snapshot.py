"""The differences between two versions of a plan, one readable sentence
per change."""

from decimal import Decimal

import pytest
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.plans.models import FundingKind, MilestoneKind, PlanProject
from conciliare.plans.plan_content_services import (
    funding_sources_set,
    milestones_set,
    plan_summary_set,
    system_action_add,
    system_action_update,
)
from conciliare.plans.plan_services import plan_amend, plan_send, plan_validate
from conciliare.plans.plan_snapshot import (
    version_content,
    version_diff,
    version_snapshot,
)
from conciliare.plans.tests.factories import approve, make_plan

pytestmark = pytest.mark.django_db


def _snapshot(**overrides):
    base = {
        "summary": "",
        "projects": [
            {
                "project": 1,
                "code": "321-2020-01",
                "title": "Tempi per le famiglie",
                "grant": "50000.00",
            }
        ],
        "system_actions": [
            {
                "title": "Sportello di rete",
                "description": "D",
                "activities": "",
                "budget": "10000.00",
                "operators": ["Comune di Lodi"],
                "operators_note": "",
                "starts_on": None,
                "ends_on": None,
            }
        ],
        "funding": [{"kind": "regional", "description": "", "amount": "100.00"}],
        "milestones": [
            {
                "kind": "final_report",
                "due_on": "2023-07-30",
                "indicators": "",
                "description": "",
            }
        ],
    }
    base.update(overrides)
    return base


def test_identical_versions_have_no_differences():
    assert version_diff(_snapshot(), _snapshot()) == []


def test_projects_added_removed_and_grants_changed():
    old = _snapshot()
    new = _snapshot(
        projects=[
            {**old["projects"][0], "grant": "45000.50"},
            {"project": 2, "code": "321-2020-02", "title": "Nuovo", "grant": "5000.00"},
        ]
    )
    changes = version_diff(old, new)
    assert any("Progetto aggiunto: 321-2020-02" in c for c in changes)
    assert any(
        "321-2020-01" in c and "€ 50.000,00" in c and "€ 45.000,50" in c
        for c in changes
    )
    assert any(
        "Progetto tolto: 321-2020-01" in c
        for c in version_diff(old, _snapshot(projects=[]))
    )


def test_system_actions_added_removed_and_fields_changed():
    old = _snapshot()
    action = old["system_actions"][0]
    changed = {
        **action,
        "budget": "12000.00",
        "operators": ["Comune di Lodi", "Fondazione Archè"],
        "description": "Altro",
    }
    added = {**action, "title": "Formazione"}
    changes = version_diff(old, _snapshot(system_actions=[changed, added]))
    assert "Azione di sistema aggiunta: «Formazione», budget € 10.000,00." in changes
    assert (
        "Azione di sistema «Sportello di rete»: budget da € 10.000,00 a € 12.000,00."
        in changes
    )
    assert any("operatori di rete" in c and "Fondazione Archè" in c for c in changes)
    assert "Azione di sistema «Sportello di rete»: descrizione modificata." in changes
    assert version_diff(old, _snapshot(system_actions=[])) == [
        "Azione di sistema tolta: «Sportello di rete»."
    ]


def test_funding_and_milestones_changes():
    old = _snapshot()
    new = _snapshot(
        funding=[
            {"kind": "regional", "description": "", "amount": "200.00"},
            {"kind": "other", "description": "Fondazione", "amount": "50.00"},
        ],
        milestones=[
            {
                "kind": "final_report",
                "due_on": "2023-08-30",
                "indicators": "",
                "description": "",
            },
            {
                "kind": "interim_report",
                "due_on": "2022-01-31",
                "indicators": "",
                "description": "",
            },
        ],
        summary="Nuova sintesi",
    )
    changes = version_diff(old, new)
    assert (
        "Fonte di finanziamento Assegnazione regionale: da € 100,00 a € 200,00."
        in changes
    )
    assert (
        "Fonte di finanziamento aggiunta: Altre fonti (Fondazione), € 50,00." in changes
    )
    assert (
        "Scadenza «Relazione finale e rendicontazione» spostata dal 30/07/2023 al "
        "30/08/2023." in changes
    )
    assert (
        "Scadenza di monitoraggio aggiunta: Relazione intermedia entro il 31/01/2022."
        in changes
    )
    assert "Sintesi del piano modificata." in changes


def test_the_diff_of_a_rimodulazione_from_the_database():
    version = make_plan(funded=2)
    officer = make_user(Role.ATS_OFFICER, ats=version.plan.ats)
    action = system_action_add(
        actor=officer,
        version=version,
        data={"title": "Sportello", "description": "D", "budget": Decimal("1000")},
    )
    version = approve(version, officer=officer)
    version = plan_send(actor=officer, version=version)
    validated = plan_validate(actor=make_user(Role.REGIONAL_OFFICER), version=version)
    amended = plan_amend(actor=officer, plan=validated.plan, reason="Rimodulazione.")
    action = amended.system_actions.get()
    system_action_update(
        actor=officer,
        action=action,
        data={"title": "Sportello", "description": "D", "budget": Decimal("1500")},
    )
    system_action_add(
        actor=officer,
        version=amended,
        data={"title": "Formazione", "description": "F", "budget": Decimal("500")},
    )
    row = PlanProject.objects.filter(version=amended).order_by("-position")[0]
    PlanProject.objects.filter(pk=row.pk).update(
        grant=Decimal("40000.00"), total_cost=Decimal("40000.00") + row.cofinancing
    )
    funding_sources_set(
        actor=officer,
        version=amended,
        rows=[{"kind": FundingKind.REGIONAL_ALLOCATION, "amount": Decimal("300000")}],
    )
    milestones_set(
        actor=officer,
        version=amended,
        rows=[
            {
                "kind": MilestoneKind.FINAL_REPORT,
                "due_on": timezone.localdate(),
            }
        ],
    )
    amended = plan_summary_set(actor=officer, version=amended, summary="Sintesi.")

    assert version_content(validated) == validated.snapshot
    changes = version_diff(version_content(validated), version_content(amended))
    text = "\n".join(changes)
    assert "budget da € 1.000,00 a € 1.500,00" in text
    assert "Azione di sistema aggiunta: «Formazione»" in text
    assert "da € 50.000,00 a € 40.000,00" in text
    assert "Fonte di finanziamento tolta: Cofinanziamento dei partner" in text
    assert "Scadenza di monitoraggio tolta: Relazione intermedia." in text
    assert "Sintesi del piano modificata." in text
    assert version_snapshot(amended)["totals"]["system_actions"] == "2000.00"
