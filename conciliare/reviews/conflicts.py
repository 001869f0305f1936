"""Conflicts of interest found without asking: a committee seat held for the
lead body or for a current partner of the alliance that applied."""

from django.utils.translation import gettext as _

from conciliare.applications.models import Application
from conciliare.partnerships.models import Partner
from conciliare.registry.models import CommitteeMember


def conflict_reason(*, seat: CommitteeMember, application: Application) -> str:
    """Why ``seat`` may not evaluate ``application`` ("" when nothing is found):
    its organisation leads the alliance, or is one of its current partners."""
    alliance = application.alliance
    organisation = seat.organisation
    if alliance.lead_id == seat.organisation_id:
        return _(
            "L'ente rappresentato (%(organisation)s) è il capofila dell'alleanza "
            "«%(alliance)s»."
        ) % {"organisation": organisation, "alliance": alliance}
    if Partner.objects.filter(
        alliance_id=alliance.pk,
        organisation_id=seat.organisation_id,
        left_on__isnull=True,
    ).exists():
        return _(
            "L'ente rappresentato (%(organisation)s) è partner dell'alleanza "
            "«%(alliance)s»."
        ) % {"organisation": organisation, "alliance": alliance}
    return ""
