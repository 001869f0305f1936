from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data: the real entities of DOMAIN.md section 5 and synthetic volume.

    Nothing imports this app; it imports the others' services.
    """

    name = "conciliare.demo"
    label = "demo"
    verbose_name = _("Dati dimostrativi")
