"""API of the Territorial Plans."""

from ninja import Router

router = Router(tags=["plans"])
