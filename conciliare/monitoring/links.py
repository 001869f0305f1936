"""Links to the monitoring pages for the e-mails, absolute when
``SITE_URL`` is set."""

from django.conf import settings
from django.urls import reverse

from conciliare.monitoring.models import ExpenditureStatement, MonitoringReport


def site_link(path: str) -> str:
    """``path`` on the site, absolute when ``SITE_URL`` is set."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def report_link(report: MonitoringReport) -> str:
    """The report's page."""
    return site_link(
        reverse(
            "monitoring:report-detail",
            kwargs={"code": report.project.code, "pk": report.pk},
        )
    )


def statement_link(statement: ExpenditureStatement) -> str:
    """The statement's page."""
    return site_link(
        reverse(
            "monitoring:statement-detail",
            kwargs={"code": statement.project.code, "pk": statement.pk},
        )
    )
