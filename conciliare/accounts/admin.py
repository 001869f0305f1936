"""Technical administration of people: read-mostly.

A person's own data comes from sign-up and is not edited here; roles are
assigned and revoked through the services, so each change is audited.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from conciliare.accounts.models import (
    ATS_SCOPED_ROLES,
    Role,
    RoleAssignment,
    User,
)
from conciliare.accounts.services import role_assign, role_revoke


class RoleAssignmentForm(forms.ModelForm[RoleAssignment]):
    class Meta:
        model = RoleAssignment
        fields = ("role", "ats", "organisation")

    def clean(self) -> dict[str, Any]:
        """Say which scope the role needs before the database refuses it."""
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        ats, organisation = cleaned.get("ats"), cleaned.get("organisation")
        if role in ATS_SCOPED_ROLES and (ats is None or organisation is not None):
            raise forms.ValidationError(
                _("Questo ruolo richiede un'ATS e nessun ente.")
            )
        if role == Role.ORGANISATION_REPRESENTATIVE and (
            organisation is None or ats is not None
        ):
            raise forms.ValidationError(
                _("Questo ruolo richiede un ente e nessuna ATS.")
            )
        if role == Role.REGIONAL_OFFICER and (
            ats is not None or organisation is not None
        ):
            raise forms.ValidationError(_("Il ruolo regionale non ha né ATS né ente."))
        return cleaned


class RoleAssignmentInline(admin.TabularInline[RoleAssignment, User]):
    """Roles are added or revoked, never edited in place (plain selects)."""

    model = RoleAssignment
    form = RoleAssignmentForm
    fields = ("role", "ats", "organisation", "created_at")
    readonly_fields = ("created_at",)
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("accounts.assign_role")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("accounts.assign_role")


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("email", "full_name", "role_list", "is_active", "date_joined")
    list_filter = ("is_active", "is_staff", "role_assignments__role")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    fields = (
        "email",
        "full_name",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    )
    readonly_fields = fields
    inlines = (RoleAssignmentInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("role_assignments__ats", "role_assignments__organisation")
        )

    @admin.display(description=_("ruoli"))
    def role_list(self, obj: User) -> str:
        return ", ".join(str(a) for a in obj.role_assignments.all())

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or request.user.has_perm(
            "accounts.view_user_list"
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people sign up; staff roles are then assigned here

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # "Changing" a person here only means assigning or revoking roles.
        return request.user.has_perm("accounts.assign_role")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the audit log refers to people: deactivate, never delete

    def save_model(
        self, request: HttpRequest, obj: User, form: Any, change: bool
    ) -> None:
        """Nothing to save: the person's fields are read-only here."""

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        _save_role_formset(actor=request.user, user=form.instance, formset=formset)


def _save_role_formset(
    *, actor: Any, user: User, formset: BaseInlineFormSet[Any, Any, Any]
) -> None:
    """Revoke the rows marked for deletion, assign the new ones (audited)."""
    new_assignments = formset.save(commit=False)
    for assignment in formset.deleted_objects:
        role_revoke(actor=actor, assignment=assignment)
    for assignment in new_assignments:
        if assignment.pk is None:
            role_assign(
                actor=actor,
                user=user,
                role=Role(assignment.role),
                ats_id=assignment.ats_id,
                organisation_id=assignment.organisation_id,
            )
