"""Synthetic organisations: realistic volumes, deterministic, clearly labelled.

Counts per ATS follow the sources where they exist (ATS Milano 398 members,
Montagna 119, Brianza 97, Val Padana about 160; DOMAIN.md section 1) and, for
the other ATS, the share of the 2021 allocation relative to Milano. ``scale``
multiplies them for benchmarks (10x, 100x).
"""

import random
from collections.abc import Iterator

from stdnum import luhn

from conciliare.registry.models import LegalForm, Organisation, SizeClass, Typology
from conciliare.territory.models import Comune

MEMBERS_PER_ATS: dict[str, int] = {
    "milano": 398,
    "insubria": 168,
    "montagna": 119,
    "brianza": 97,
    "bergamo": 127,
    "brescia": 133,
    "val-padana": 160,
    "pavia": 62,
}

#: Share of each typology among synthetic members (sums to 100).
TYPOLOGY_WEIGHTS: dict[str, int] = {
    Typology.PUBLIC_BODY: 22,
    Typology.PUBLIC_AMBITO: 4,
    Typology.EMPLOYER_ASSOCIATION: 6,
    Typology.TRADE_UNION: 4,
    Typology.EDUCATION: 8,
    Typology.PRIVATE_COMPANY: 30,
    Typology.PRIVATE_NONPROFIT: 26,
}

_NAMES: dict[str, tuple[list[str], str, list[str]]] = {
    # typology: (prefixes, legal form, size classes to draw from)
    Typology.PUBLIC_BODY: (
        ["Comune di", "Azienda Speciale", "Aler", "Unione dei Comuni"],
        LegalForm.LOCAL_AUTHORITY,
        [SizeClass.SMALL, SizeClass.MEDIUM],
    ),
    Typology.PUBLIC_AMBITO: (
        ["Ufficio di Piano", "Azienda Consortile"],
        LegalForm.SPECIAL_AGENCY,
        [SizeClass.SMALL, SizeClass.MEDIUM],
    ),
    Typology.EMPLOYER_ASSOCIATION: (
        ["Confartigianato", "Confcommercio", "Associazione Imprese"],
        LegalForm.ASSOCIATION,
        [SizeClass.MICRO, SizeClass.SMALL],
    ),
    Typology.TRADE_UNION: (
        ["Camera del Lavoro", "Sindacato Territoriale"],
        LegalForm.ASSOCIATION,
        [SizeClass.SMALL],
    ),
    Typology.EDUCATION: (
        ["Istituto Comprensivo", "Centro di Formazione", "Afol"],
        LegalForm.SCHOOL,
        [SizeClass.SMALL, SizeClass.MEDIUM],
    ),
    Typology.PRIVATE_COMPANY: (
        ["Officine", "Tessitura", "Logistica", "Studio", "Industrie"],
        LegalForm.SRL,
        [
            SizeClass.MICRO,
            SizeClass.MICRO,
            SizeClass.SMALL,
            SizeClass.SMALL,
            SizeClass.MEDIUM,
            SizeClass.LARGE,
        ],
    ),
    Typology.PRIVATE_NONPROFIT: (
        ["Cooperativa Sociale", "Associazione", "Fondazione"],
        LegalForm.SOCIAL_COOPERATIVE,
        [SizeClass.MICRO, SizeClass.SMALL],
    ),
}
_WORDS = [
    "Aurora",
    "Girasole",
    "Arcobaleno",
    "Naviglio",
    "Ticino",
    "Adda",
    "Orobica",
    "Brianza",
    "Lario",
    "Padana",
    "Sempione",
    "Martesana",
    "Olona",
    "Serio",
    "Oglio",
    "Mincio",
    "Valtellina",
    "Insieme",
    "Futuro",
    "Solidale",
    "Tempo",
    "Famiglia",
]


def placeholder_tax_code(key: int) -> str:
    """A valid 11-digit codice fiscale, unique per ``key`` (below 100 million)."""
    serial = f"{9_000_000 + key // 100 % 1_000_000:07d}"
    office = f"{key % 100 + 1:03d}"
    base = serial + office
    return base + luhn.calc_check_digit(base)


def synthetic_organisations(*, scale: int) -> Iterator[Organisation]:
    """Yield unsaved organisations, the same ones for the same ``scale``."""
    comuni_by_ats: dict[str, list[Comune]] = {}
    for comune in Comune.objects.select_related("ambito__ats").filter(
        ambito__isnull=False
    ):
        if comune.ambito is None:  # excluded by the filter; narrows the type
            continue
        comuni_by_ats.setdefault(comune.ambito.ats.slug, []).append(comune)
    typologies = list(TYPOLOGY_WEIGHTS)
    weights = list(TYPOLOGY_WEIGHTS.values())
    for ats_index, (ats_slug, count) in enumerate(sorted(MEMBERS_PER_ATS.items())):
        rng = random.Random(f"conciliare-demo-{ats_slug}")
        comuni = comuni_by_ats[ats_slug]
        for n in range(count * scale):
            typology = rng.choices(typologies, weights)[0]
            prefixes, legal_form, sizes = _NAMES[typology]
            comune = rng.choice(comuni)
            name = f"{rng.choice(prefixes)} {rng.choice(_WORDS)} {comune.name} {n + 1}"
            key = 100_000 + ats_index * 1_000_000 + n
            yield Organisation(
                legal_name=name,
                tax_code=placeholder_tax_code(key),
                legal_form=legal_form,
                typology=typology,
                size_class=rng.choice(sizes),
                comune=comune,
                ambito=comune.ambito,
                address=f"Via {rng.choice(_WORDS)} {rng.randint(1, 120)}",
                email=f"info{key}@ente-sintetico.example",
                is_synthetic=True,
            )
