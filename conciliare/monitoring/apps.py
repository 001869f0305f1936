from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "conciliare.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoraggio, rendicontazione e pagamenti")

    def ready(self) -> None:
        from conciliare.monitoring import rules  # noqa: F401
