import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.tests.factories import pdf_file
from conciliare.calls.guidance_services import (
    guidance_adopt,
    guidance_create,
    guidance_update,
)
from conciliare.calls.models import GuidanceStatus
from conciliare.territory.models import ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _period():
    return ProgrammingPeriod.objects.get(slug="2020-2023")


def test_officers_and_committee_draft_and_only_officers_adopt():
    officer = make_user(Role.ATS_OFFICER, ats=ats("val-padana"))
    member = make_user(Role.COMMITTEE_MEMBER, ats=ats("val-padana"))
    guidance = guidance_create(
        actor=officer, ats=ats("val-padana"), period=_period(), data={"title": "DTI"}
    )
    guidance = guidance_update(
        actor=member, guidance=guidance, data={"context": "Bisogni delle famiglie."}
    )
    with pytest.raises(PermissionDenied):
        guidance_adopt(
            actor=member,
            guidance=guidance,
            act_number="103",
            act_date=timezone.localdate(),
            act_file=pdf_file(),
        )
    guidance = guidance_adopt(
        actor=officer,
        guidance=guidance,
        act_number="103",
        act_date=timezone.localdate(),
        act_file=pdf_file("decreto-103.pdf"),
    )
    assert guidance.status == GuidanceStatus.ADOPTED
    assert guidance.act_document is not None
    assert guidance.act_document.is_public
    with pytest.raises(PermissionDenied):  # adopted: no more changes
        guidance_update(actor=officer, guidance=guidance, data={"context": "Altro"})


def test_one_dti_per_ats_and_period():
    officer = make_user(Role.ATS_OFFICER, ats=ats("pavia"))
    guidance_create(
        actor=officer, ats=ats("pavia"), period=_period(), data={"title": "A"}
    )
    with pytest.raises(ValidationError) as exc:
        guidance_create(
            actor=officer, ats=ats("pavia"), period=_period(), data={"title": "B"}
        )
    assert "period" in exc.value.message_dict


def test_an_empty_dti_or_a_future_act_cannot_be_adopted():
    officer = make_user(Role.ATS_OFFICER, ats=ats("montagna"))
    guidance = guidance_create(
        actor=officer, ats=ats("montagna"), period=_period(), data={"title": "DTI"}
    )
    with pytest.raises(ValidationError) as exc:
        guidance_adopt(
            actor=officer,
            guidance=guidance,
            act_number="",
            act_date=timezone.localdate() + timezone.timedelta(days=3),
            act_file=pdf_file(),
        )
    assert set(exc.value.message_dict) == {"act_number", "act_date", "__all__"}
    guidance.refresh_from_db()
    assert guidance.status == GuidanceStatus.DRAFT
