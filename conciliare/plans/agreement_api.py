"""API of the agreements (convenzioni)."""

from ninja import Router

router = Router(tags=["agreements"])
