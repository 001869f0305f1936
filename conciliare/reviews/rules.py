"""Who may check, evaluate and rank applications (django-rules, autodiscovered).

Each stage keeps its own rules module; importing them here registers them."""

from conciliare.reviews import (  # noqa: F401 (registers the rules)
    admissibility_rules,
    evaluation_rules,
    ranking_rules,
)
