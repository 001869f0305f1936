"""Real organisations named in DOMAIN.md section 5 and the seeds.

Their tax codes are not published in the sources: the demo gives each one a
placeholder with a valid check digit (see ``synthetic.placeholder_tax_code``).
"""

from conciliare.demo.synthetic import placeholder_tax_code
from conciliare.registry.models import LegalForm, SizeClass, Typology

# key, legal name, legal form, typology, size, comune, website
REAL_ORGANISATIONS: list[tuple[str, str, str, str, str, str, str]] = [
    # ATS Milano 2020-2023: lead bodies of the five alliances [seed 001]
    (
        "irene",
        "Associazione IRENE – Iniziative, Ricerche, Esperienze per una Nuova Europa",
        LegalForm.ASSOCIATION,
        Typology.PRIVATE_NONPROFIT,
        SizeClass.MICRO,
        "Milano",
        "",
    ),
    (
        "magnago",
        "Comune di Magnago",
        LegalForm.MUNICIPALITY,
        Typology.PUBLIC_BODY,
        SizeClass.SMALL,
        "Magnago",
        "",
    ),
    (
        "arche",
        "Fondazione Archè",
        LegalForm.FOUNDATION,
        Typology.PRIVATE_NONPROFIT,
        SizeClass.MEDIUM,
        "Milano",
        "https://www.arche.it",
    ),
    (
        "spazio-aperto",
        "Spazio Aperto Servizi Soc. Coop. Soc. Onlus",
        LegalForm.SOCIAL_COOPERATIVE,
        Typology.PRIVATE_NONPROFIT,
        SizeClass.LARGE,
        "Milano",
        "",
    ),
    (
        "lodigiano",
        "Azienda Speciale Consortile del Lodigiano per i Servizi alla Persona",
        LegalForm.SPECIAL_AGENCY,
        Typology.PUBLIC_AMBITO,
        SizeClass.MEDIUM,
        "Lodi",
        "",
    ),
    # AGRIWEL partners [S31]
    (
        "cm-milano",
        "Città Metropolitana di Milano",
        LegalForm.LOCAL_AUTHORITY,
        Typology.PUBLIC_BODY,
        SizeClass.LARGE,
        "Milano",
        "https://www.cittametropolitana.mi.it",
    ),
    (
        "casa-agricoltura",
        "Casa dell'Agricoltura",
        LegalForm.ASSOCIATION,
        Typology.PRIVATE_NONPROFIT,
        SizeClass.MICRO,
        "Milano",
        "",
    ),
    (
        "cia-centro-lombardia",
        "CIA Provincia Centro Lombardia",
        LegalForm.ASSOCIATION,
        Typology.EMPLOYER_ASSOCIATION,
        SizeClass.SMALL,
        "Milano",
        "",
    ),
    (
        "cgil-ticino-olona",
        "CGIL Camera del Lavoro Ticino Olona",
        LegalForm.ASSOCIATION,
        Typology.TRADE_UNION,
        SizeClass.SMALL,
        "Legnano",
        "",
    ),
    (
        "cisl-milano",
        "CISL Milano Metropoli",
        LegalForm.ASSOCIATION,
        Typology.TRADE_UNION,
        SizeClass.MEDIUM,
        "Milano",
        "",
    ),
    (
        "uil-milano",
        "UIL Milano e Lombardia",
        LegalForm.ASSOCIATION,
        Typology.TRADE_UNION,
        SizeClass.MEDIUM,
        "Milano",
        "",
    ),
    # ConciliAmoci partners [seed 001]
    (
        "asst-fbf-sacco",
        "ASST Fatebenefratelli Sacco",
        LegalForm.HEALTH_AGENCY,
        Typology.PUBLIC_BODY,
        SizeClass.LARGE,
        "Milano",
        "",
    ),
    (
        "giardino-bambini",
        "Il giardino dei bambini",
        LegalForm.ASSOCIATION,
        Typology.PRIVATE_NONPROFIT,
        SizeClass.MICRO,
        "Milano",
        "",
    ),
    # ASL Milano 1, 2014-2016: "La conciliazione innova la piccola impresa" [seed 004]
    (
        "sole",
        "Azienda Speciale Consortile So.Le (già Comune di Legnano, ente capofila)",
        LegalForm.SPECIAL_AGENCY,
        Typology.PUBLIC_AMBITO,
        SizeClass.MEDIUM,
        "Legnano",
        "",
    ),
    (
        "pdz-abbiatense",
        "Piano di Zona Abbiatense",
        LegalForm.LOCAL_AUTHORITY,
        Typology.PUBLIC_AMBITO,
        SizeClass.SMALL,
        "Abbiategrasso",
        "",
    ),
    (
        "cdl-milano",
        "Camera del lavoro metropolitana di Milano",
        LegalForm.ASSOCIATION,
        Typology.TRADE_UNION,
        SizeClass.MEDIUM,
        "Milano",
        "",
    ),
    (
        "uil-ovest",
        "UIL CST Ovest Mi/Lo",
        LegalForm.ASSOCIATION,
        Typology.TRADE_UNION,
        SizeClass.SMALL,
        "Legnano",
        "",
    ),
    (
        "confartigianato-am",
        "Confartigianato Imprese Alto Milanese",
        LegalForm.ASSOCIATION,
        Typology.EMPLOYER_ASSOCIATION,
        SizeClass.SMALL,
        "Legnano",
        "",
    ),
    (
        "cna-milano",
        "CNA Milano – Monza Brianza",
        LegalForm.ASSOCIATION,
        Typology.EMPLOYER_ASSOCIATION,
        SizeClass.SMALL,
        "Milano",
        "",
    ),
    (
        "confindustria-am",
        "Confindustria Alto Milanese",
        LegalForm.ASSOCIATION,
        Typology.EMPLOYER_ASSOCIATION,
        SizeClass.SMALL,
        "Legnano",
        "",
    ),
    (
        "confcommercio-abbiategrasso",
        "Confcommercio Abbiategrasso",
        LegalForm.ASSOCIATION,
        Typology.EMPLOYER_ASSOCIATION,
        SizeClass.MICRO,
        "Abbiategrasso",
        "",
    ),
    # ATS Brescia: lead bodies of the three alliances since 2014 [seed 002]
    (
        "comune-brescia",
        "Comune di Brescia",
        LegalForm.MUNICIPALITY,
        Typology.PUBLIC_BODY,
        SizeClass.LARGE,
        "Brescia",
        "https://www.comune.brescia.it",
    ),
    (
        "comune-montichiari",
        "Comune di Montichiari",
        LegalForm.MUNICIPALITY,
        Typology.PUBLIC_BODY,
        SizeClass.MEDIUM,
        "Montichiari",
        "",
    ),
    (
        "comune-palazzolo",
        "Comune di Palazzolo sull'Oglio",
        LegalForm.MUNICIPALITY,
        Typology.PUBLIC_BODY,
        SizeClass.MEDIUM,
        "Palazzolo sull'Oglio",
        "",
    ),
    # ATS Bergamo 2020-2023 [S7]
    (
        "comune-bergamo",
        "Comune di Bergamo",
        LegalForm.MUNICIPALITY,
        Typology.PUBLIC_BODY,
        SizeClass.LARGE,
        "Bergamo",
        "https://www.comune.bergamo.it",
    ),
    # ASL Milano 1, 2014-2016: the partner of seed 004 not named above
    (
        "castanese",
        "Azienda Sociale del Castanese",
        LegalForm.SPECIAL_AGENCY,
        Typology.PUBLIC_AMBITO,
        SizeClass.SMALL,
        "Magnago",
        "",
    ),
    # ATS Bergamo 2020-2023: the territories leading the five projects [S7].
    # The reference data has one comune in the province (Bergamo): the ambito
    # is given in REAL_AMBITI.
    (
        "ambito-valle-seriana",
        "Ambito territoriale Valle Seriana",
        LegalForm.LOCAL_AUTHORITY,
        Typology.PUBLIC_AMBITO,
        SizeClass.MEDIUM,
        "Bergamo",
        "",
    ),
    (
        "ambito-valle-seriana-superiore",
        "Ambito territoriale Valle Seriana Superiore e Valle di Scalve",
        LegalForm.LOCAL_AUTHORITY,
        Typology.PUBLIC_AMBITO,
        SizeClass.SMALL,
        "Bergamo",
        "",
    ),
    (
        "azienda-isola",
        "Azienda Isola Bergamasca e Bassa Val San Martino",
        LegalForm.SPECIAL_AGENCY,
        Typology.PUBLIC_AMBITO,
        SizeClass.MEDIUM,
        "Bergamo",
        "",
    ),
    (
        "ambito-valle-imagna",
        "Ambito territoriale Valle Imagna e Villa d'Almè",
        LegalForm.LOCAL_AUTHORITY,
        Typology.PUBLIC_AMBITO,
        SizeClass.SMALL,
        "Bergamo",
        "",
    ),
    (
        "ambito-grumello",
        "Ambito territoriale di Grumello del Monte",
        LegalForm.LOCAL_AUTHORITY,
        Typology.PUBLIC_AMBITO,
        SizeClass.SMALL,
        "Bergamo",
        "",
    ),
    (
        "ambito-seriate",
        "Ambito territoriale di Seriate",
        LegalForm.LOCAL_AUTHORITY,
        Typology.PUBLIC_AMBITO,
        SizeClass.SMALL,
        "Bergamo",
        "",
    ),
]

#: Real organisations whose ambito is not the one of their comune in the
#: reference data (key -> ambito slug).
REAL_AMBITI: dict[str, str] = {
    "castanese": "castanese",
    "ambito-valle-seriana": "valle-seriana",
    "ambito-valle-seriana-superiore": "valle-seriana-superiore",
    "azienda-isola": "isola-bergamasca",
    "ambito-valle-imagna": "valle-imagna-villa-dalme",
    "ambito-grumello": "grumello",
    "ambito-seriate": "seriate",
}


def real_tax_codes() -> dict[str, str]:
    """Key -> the placeholder tax code the demo gives each real organisation."""
    return {
        row[0]: placeholder_tax_code(index)
        for index, row in enumerate(REAL_ORGANISATIONS, start=1)
    }
