from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "conciliare.accounts"
    label = "accounts"
    verbose_name = _("Persone e ruoli")
