"""Who may prepare, approve, validate and read plans and agreements
(django-rules, autodiscovered). Importing the modules registers the rules."""

from conciliare.plans import agreement_rules, plan_rules  # noqa: F401
