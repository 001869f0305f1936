"""The accessibility reports, for the site managers: read-only (they arrive
through the public form, which audits each one)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from conciliare.portal.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ("created_at", "page_url", "email", "language")
    list_filter = ("language",)
    search_fields = ("page_url", "email", "message")
    date_hierarchy = "created_at"
    readonly_fields = (
        "created_at",
        "name",
        "email",
        "page_url",
        "message",
        "language",
        "user",
    )
    exclude = ("updated_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
