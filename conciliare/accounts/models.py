"""People (e-mail login) and the roles they hold, each scoped to its object."""

from functools import cached_property
from typing import Any, ClassVar

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        if not email:
            raise ValueError("users need an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("nome e cognome"), max_length=150, blank=True)
    is_active = models.BooleanField(_("attivo"), default=True)
    is_staff = models.BooleanField(
        _("accesso all'amministrazione tecnica"),
        default=False,
        help_text=_("Accesso al pannello di amministrazione di Django."),
    )
    date_joined = models.DateTimeField(_("registrato il"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> list["RoleAssignment"]:
        """Role assignments, loaded once per request (predicates read them)."""
        if not self.pk:
            return []
        return list(
            self.role_assignments.select_related("ats", "organisation").order_by(
                "role", "pk"
            )
        )

    def has_role(self, role: str) -> bool:
        return any(assignment.role == role for assignment in self.roles)

    def ats_ids_for(self, *roles: str) -> set[int]:
        return {a.ats_id for a in self.roles if a.role in roles and a.ats_id}

    @property
    def organisation_ids(self) -> set[int]:
        return {
            a.organisation_id
            for a in self.roles
            if a.role == Role.ORGANISATION_REPRESENTATIVE and a.organisation_id
        }

    @property
    def is_staff_role(self) -> bool:
        """Regional and ATS officers, committee members and the technical
        administrators (Django admin): TOTP is required."""
        return (
            self.is_staff
            or self.is_superuser
            or any(a.role in STAFF_ROLES for a in self.roles)
        )


class Role(models.TextChoices):
    REGIONAL_OFFICER = "regional_officer", _("Funzionario regionale")
    ATS_OFFICER = "ats_officer", _("Funzionario ATS")
    COMMITTEE_MEMBER = "committee_member", _("Componente del Comitato")
    ORGANISATION_REPRESENTATIVE = "org_representative", _("Referente di ente")


STAFF_ROLES = frozenset(
    {Role.REGIONAL_OFFICER, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER}
)
ATS_SCOPED_ROLES = frozenset({Role.ATS_OFFICER, Role.COMMITTEE_MEMBER})


class RoleAssignment(TimeStampedModel):
    """A role held by a person over one object: the Region, one ATS, one ente.

    A person without any assignment is a citizen.
    """

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("utente"),
    )
    role = models.CharField(_("ruolo"), max_length=32, choices=Role)
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("ATS"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("ente"),
    )

    class Meta:
        verbose_name = _("ruolo assegnato")
        verbose_name_plural = _("ruoli assegnati")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="accounts_role_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        role=Role.REGIONAL_OFFICER,
                        ats__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        role__in=[Role.ATS_OFFICER, Role.COMMITTEE_MEMBER],
                        ats__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        role=Role.ORGANISATION_REPRESENTATIVE,
                        ats__isnull=True,
                        organisation__isnull=False,
                    )
                ),
                name="accounts_role_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(role=Role.REGIONAL_OFFICER),
                name="accounts_role_unique_regional",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "ats"],
                condition=Q(ats__isnull=False),
                name="accounts_role_unique_per_ats",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="accounts_role_unique_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        scope = self.ats or self.organisation or _("Regione Lombardia")
        return f"{self.get_role_display()} · {scope}"
