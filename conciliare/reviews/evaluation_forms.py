"""Forms of the committee's evaluation: assigning a seat, the evaluator's
declaration, the scores per criterion, the committee's consensus and its
reopening. Points are typed the Italian way (``18,5``); the services check
them again and their refusals come back beside the fields."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from conciliare.calls.call_forms import DecimalCommaField
from conciliare.calls.models import EvaluationCriterion
from conciliare.core.forms import StyledForm
from conciliare.partnerships.forms import ServiceErrorsMixin
from conciliare.registry.models import CommitteeMember


def _points_field(
    criterion: EvaluationCriterion, *, required: bool
) -> DecimalCommaField:
    maximum = f"{criterion.max_points.normalize():f}".replace(".", ",")
    return DecimalCommaField(
        label=_("Punti (da 0 a %(max)s)") % {"max": maximum},
        required=required,
        min_value=Decimal(0),
        max_value=criterion.max_points,
        max_digits=6,
        decimal_places=2,
        error_messages={
            "invalid": _("Indicare un numero, ad esempio 18 o 18,5."),
            "min_value": _("Il punteggio non può essere negativo."),
            "max_value": _(
                "Il punteggio massimo di questo criterio è %(limit_value)s."
            ),
            "max_decimal_places": _("Al massimo due decimali."),
            "required": _("Indicare il punteggio del Comitato per questo criterio."),
        },
    )


class AssignmentForm(ServiceErrorsMixin, StyledForm):
    """A current seat of the committee, for one application."""

    seat = forms.ModelChoiceField(
        label=_("Componente del Comitato"),
        queryset=CommitteeMember.objects.none(),
        empty_label=_("Scegliere un componente"),
        error_messages={
            "required": _("Scegliere il componente da assegnare."),
            "invalid_choice": _("Scegliere un componente in carica del Comitato."),
        },
    )

    def __init__(self, *args: Any, seats: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[CommitteeMember]", self.fields["seat"])
        field.queryset = CommitteeMember.objects.filter(pk__in=[s.pk for s in seats])
        field.choices = [("", field.empty_label or "")] + [
            (seat.pk, f"{seat.user} – {seat.organisation}") for seat in seats
        ]


class DeclarationForm(ServiceErrorsMixin, StyledForm):
    conflict = forms.TypedChoiceField(
        label=_("Conflitto di interessi"),
        choices=[
            ("none", _("Dichiaro di non trovarmi in conflitto di interessi")),
            ("declared", _("Dichiaro di trovarmi in conflitto di interessi")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Scegliere una delle due dichiarazioni.")},
    )
    note = forms.CharField(
        label=_("Motivo del conflitto"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obbligatorio se si dichiara un conflitto di interessi."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("conflict") == "declared" and not (data.get("note") or "").strip():
            self.add_error("note", _("Indicare il motivo del conflitto di interessi."))
        return data


class ScoreForm(ServiceErrorsMixin, StyledForm):
    """Points and comment for every criterion of the call: a draft may leave
    some empty, the submission needs them all (the service says which)."""

    def __init__(
        self, *args: Any, criteria: list[EvaluationCriterion], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"points_{criterion.pk}"] = _points_field(
                criterion, required=False
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Motivazione"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    @staticmethod
    def initial_for(scores: dict[int, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for criterion_id, score in scores.items():
            initial[f"points_{criterion_id}"] = score.points
            initial[f"comment_{criterion_id}"] = score.comment
        return initial

    def rows(self) -> list[tuple[EvaluationCriterion, Any, Any]]:
        """Each criterion with its two bound fields (for the template)."""
        return [
            (c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria
        ]

    def scores(self) -> list[dict[str, Any]]:
        return [
            {
                "criterion": c.pk,
                "points": self.cleaned_data.get(f"points_{c.pk}"),
                "comment": self.cleaned_data.get(f"comment_{c.pk}") or "",
            }
            for c in self.criteria
        ]


class ConsensusForm(ServiceErrorsMixin, StyledForm):
    """The committee's points and justification per criterion (a call
    scored by the mean asks only for the note)."""

    note = forms.CharField(
        label=_("Nota del Comitato"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sintesi della discussione, riportata con il punteggio."),
    )

    def __init__(
        self,
        *args: Any,
        criteria: list[EvaluationCriterion],
        by_mean: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = [] if by_mean else criteria
        for criterion in self.criteria:
            self.fields[f"points_{criterion.pk}"] = _points_field(
                criterion, required=True
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=_("Motivazione"),
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": _(
                        "Motivare il punteggio del Comitato per questo criterio."
                    )
                },
            )

    def rows(self) -> list[tuple[EvaluationCriterion, Any, Any]]:
        return [
            (c, self[f"points_{c.pk}"], self[f"justification_{c.pk}"])
            for c in self.criteria
        ]

    def scores(self) -> list[dict[str, Any]]:
        return [
            {
                "criterion": c.pk,
                "points": self.cleaned_data.get(f"points_{c.pk}"),
                "justification": self.cleaned_data.get(f"justification_{c.pk}") or "",
            }
            for c in self.criteria
        ]


class ReopenForm(ServiceErrorsMixin, StyledForm):
    reason = forms.CharField(
        label=_("Motivo della riapertura"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Registrato con i punteggi precedenti."),
        error_messages={"required": _("Indicare il motivo della riapertura.")},
    )
