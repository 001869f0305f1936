from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "conciliare.core"
    label = "core"
    verbose_name = "Conciliare"
