"""The random sample of self-declarations to verify, drawn from a recorded
seed: the same seed, share and expenses give the same sample, so anyone
(an auditor, the lead body) can repeat the draw."""

import math
import random
import secrets
from collections.abc import Iterable
from decimal import Decimal

#: Seeds fit a signed 64-bit column; 2**62 leaves room and is plenty.
SEED_BITS = 62


def seed_new() -> int:
    return secrets.randbits(SEED_BITS)


def sample_size(population: int, share: Decimal) -> int:
    """``share`` percent of ``population``, rounded up, and at least one when
    there is anything to draw from (a share of 0 draws nothing)."""
    if population <= 0 or share <= 0:
        return 0
    return min(population, max(1, math.ceil(population * share / 100)))


def sample_draw(expense_ids: Iterable[int], *, share: Decimal, seed: int) -> list[int]:
    """The ids drawn, in ascending order. The population is sorted first,
    so the draw does not depend on the order the ids come in."""
    population = sorted(set(expense_ids))
    size = sample_size(len(population), share)
    # Reproducible by design: the draw must repeat from its published seed.
    return sorted(random.Random(seed).sample(population, size))  # noqa: S311
