"""The transition guard every status model shares (core.models.StatusModel)."""

import pytest

from conciliare.core.exceptions import InvalidTransition
from conciliare.partnerships.models import PartnerRequest, PartnerRequestStatus
from conciliare.projects.models import Project, ProjectStatus


def test_an_allowed_move_changes_the_status_without_saving():
    project = Project(status=ProjectStatus.FUNDED)

    project.transition_to(ProjectStatus.AGREEMENT_SIGNED)

    assert str(project.status) == "agreement_signed"
    assert project._state.adding  # not saved
    assert project.status_label == "Convenzione sottoscritta"


def test_a_forbidden_move_names_both_statuses_in_the_users_words():
    request = PartnerRequest(status=PartnerRequestStatus.DECLINED)

    with pytest.raises(InvalidTransition) as exc:
        request.transition_to(PartnerRequestStatus.ACCEPTED)

    assert request.status == PartnerRequestStatus.DECLINED
    assert "Non accolta" in str(exc.value.message)
    assert "Accolta" in str(exc.value.message)
