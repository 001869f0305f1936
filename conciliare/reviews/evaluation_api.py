"""API of the committee's evaluation: an evaluator's assignments and scores."""

from ninja import Router
from ninja.security import django_auth

router = Router(tags=["evaluations"], auth=django_auth)
