"""API of the rankings: public once approved."""

from ninja import Router

router = Router(tags=["rankings"])
