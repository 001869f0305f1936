"""The review of the applications to a call: the admissibility check by the
ATS's offices (istruttoria formale, with soccorso istruttorio), the
evaluation by the committee (assignments, conflicts of interest, scores,
consensus) and the ranking with the allocation of the call's budget."""

from conciliare.reviews.models.admissibility import (
    AdmissibilityStatus,
    ApplicationReview,
    ClarificationDocument,
    ClarificationRequest,
)
from conciliare.reviews.models.evaluation import (
    ConflictStatus,
    ConsensusScore,
    CriterionScore,
    EvaluatorAssignment,
)
from conciliare.reviews.models.minutes import MinutesKind, ReviewMinutes
from conciliare.reviews.models.ranking import (
    Ranking,
    RankingEntry,
    RankingOutcome,
    RankingStatus,
    RankingStep,
    RankingStepKind,
)

__all__ = [
    "AdmissibilityStatus",
    "ApplicationReview",
    "ClarificationDocument",
    "ClarificationRequest",
    "ConflictStatus",
    "ConsensusScore",
    "CriterionScore",
    "EvaluatorAssignment",
    "MinutesKind",
    "Ranking",
    "RankingEntry",
    "RankingOutcome",
    "RankingStatus",
    "RankingStep",
    "RankingStepKind",
    "ReviewMinutes",
]
