"""The committee's evaluation: assignments, declarations of conflict of interest, scores and the consensus."""

from django.urls import URLPattern, URLResolver, path

from conciliare.reviews import consensus_views, evaluation_views

app_name = "reviews-evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    # the evaluator
    path("", evaluation_views.queue, name="queue"),
    path("assegnazioni/<int:pk>/", evaluation_views.score, name="score"),
    path(
        "assegnazioni/<int:pk>/dichiarazione/",
        evaluation_views.declare,
        name="declare",
    ),
    # the officers of the ATS
    path(
        "avvisi/<int:call_pk>/",
        consensus_views.call_assignments,
        name="call-assignments",
    ),
    path(
        "avvisi/<int:call_pk>/domande/<int:review_pk>/assegna/",
        consensus_views.assignment_add,
        name="assignment-add",
    ),
    path(
        "assegnazioni/<int:pk>/ritira/",
        consensus_views.assignment_delete,
        name="assignment-remove",
    ),
    path("domande/<int:review_pk>/", consensus_views.consensus, name="consensus"),
    path(
        "domande/<int:review_pk>/riapri/",
        consensus_views.consensus_reopen_view,
        name="consensus-reopen",
    ),
]
