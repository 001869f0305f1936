"""Reference data of Regione Lombardia: provinces, the 8 ATS, ambiti, comuni,
the programming periods with their acts, the intervention areas of DGR
XI/2398/2019 and its allocation table (sources in ../shared/DOMAIN.md)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

PROVINCES = [
    ("BG", "Bergamo"), ("BS", "Brescia"), ("CO", "Como"), ("CR", "Cremona"),
    ("LC", "Lecco"), ("LO", "Lodi"), ("MN", "Mantova"), ("MI", "Milano"),
    ("MB", "Monza e della Brianza"), ("PV", "Pavia"), ("SO", "Sondrio"),
    ("VA", "Varese"),
]

# code, name, short name, slug, areas served, provinces, website
ATS = [
    ("321", "ATS della Città Metropolitana di Milano", "ATS Milano", "milano",
     "Milano, Lodi", ["MI", "LO"], "https://www.ats-milano.it"),
    ("322", "ATS dell'Insubria", "ATS Insubria", "insubria",
     "Como, Varese", ["CO", "VA"], "https://www.ats-insubria.it"),
    ("323", "ATS della Montagna", "ATS Montagna", "montagna",
     "Sondrio, Valle Camonica, Medio e Alto Lario", ["SO", "BS", "CO"],
     "https://www.ats-montagna.it"),
    ("324", "ATS della Brianza", "ATS Brianza", "brianza",
     "Lecco, Monza e Brianza", ["LC", "MB"], "https://www.ats-brianza.it"),
    ("325", "ATS di Bergamo", "ATS Bergamo", "bergamo",
     "Bergamo", ["BG"], "https://www.ats-bg.it"),
    ("326", "ATS di Brescia", "ATS Brescia", "brescia",
     "Brescia (esclusa la Valle Camonica)", ["BS"], "https://www.ats-brescia.it"),
    ("327", "ATS della Val Padana", "ATS Val Padana", "val-padana",
     "Mantova, Cremona", ["MN", "CR"], "https://www.ats-valpadana.it"),
    ("328", "ATS di Pavia", "ATS Pavia", "pavia",
     "Pavia", ["PV"], "https://www.ats-pavia.it"),
]

# ATS slug -> ambiti (slug, name)
AMBITI = {
    "milano": [
        ("milano-citta", "Milano Città"), ("alto-milanese", "Alto Milanese"),
        ("legnanese", "Legnanese"), ("castanese", "Castanese"),
        ("abbiatense", "Abbiatense"), ("sud-est-milano", "Sud Est Milano"),
        ("lodi", "Lodi"),
    ],
    "insubria": [("como", "Como"), ("varese", "Varese")],
    "montagna": [
        ("sondrio", "Sondrio"), ("valle-camonica", "Valle Camonica"),
        ("medio-alto-lario", "Medio Alto Lario"),
    ],
    "brianza": [
        ("lecco", "Lecco"), ("monza", "Monza"), ("carate-brianza", "Carate Brianza"),
    ],
    "bergamo": [
        ("bergamo", "Bergamo"), ("valle-seriana", "Valle Seriana"),
        ("valle-seriana-superiore", "Valle Seriana Superiore e Valle di Scalve"),
        ("valle-imagna-villa-dalme", "Valle Imagna e Villa d'Almè"),
        ("grumello", "Grumello"), ("seriate", "Seriate"),
        ("isola-bergamasca", "Isola Bergamasca e Bassa Val San Martino"),
    ],
    "brescia": [
        ("brescia", "Brescia"),
        ("bassa-bresciana-orientale", "Bassa Bresciana Orientale"),
        ("oglio-ovest", "Oglio Ovest"),
    ],
    "val-padana": [("mantova", "Mantova"), ("cremona", "Cremona")],
    "pavia": [("pavia", "Pavia")],
}

# ISTAT code, name, province, ambito slug
COMUNI = [
    ("015146", "Milano", "MI", "milano-citta"),
    ("015118", "Legnano", "MI", "legnanese"),
    ("015130", "Magnago", "MI", "alto-milanese"),
    ("015002", "Abbiategrasso", "MI", "abbiatense"),
    ("098031", "Lodi", "LO", "lodi"),
    ("013075", "Como", "CO", "como"),
    ("012133", "Varese", "VA", "varese"),
    ("014061", "Sondrio", "SO", "sondrio"),
    ("097042", "Lecco", "LC", "lecco"),
    ("108033", "Monza", "MB", "monza"),
    ("108016", "Carate Brianza", "MB", "carate-brianza"),
    ("016024", "Bergamo", "BG", "bergamo"),
    ("017029", "Brescia", "BS", "brescia"),
    ("017113", "Montichiari", "BS", "bassa-bresciana-orientale"),
    ("017133", "Palazzolo sull'Oglio", "BS", "oglio-ovest"),
    ("020030", "Mantova", "MN", "mantova"),
    ("019036", "Cremona", "CR", "cremona"),
    ("018110", "Pavia", "PV", "pavia"),
]

PERIODS = [
    {
        "slug": "2014-2016", "name": "2014-2016",
        "starts_on": date(2014, 1, 1), "ends_on": date(2016, 12, 31),
        "dgr_reference": "DGR X/1081", "dgr_date": date(2013, 12, 12),
        "decree_reference": "Decreto 2058/2014", "decree_date": None,
        "summary": (
            "Le ASL costruiscono le Reti territoriali e i Piani territoriali di "
            "conciliazione. Risultati: 63 alleanze, oltre 47.000 persone e circa "
            "1.900 imprese raggiunte, 8 milioni di euro di cui 3 di cofinanziamento "
            "dei partner."
        ),
    },
    {
        "slug": "2017-2018", "name": "2017-2018",
        "starts_on": date(2017, 1, 1), "ends_on": date(2020, 1, 15),
        "dgr_reference": "DGR X/5969", "dgr_date": date(2016, 12, 12),
        "decree_reference": "", "decree_date": None,
        "summary": (
            "Prorogato al 15/01/2020 dalla DGR XI/1017/2018. Risultati: 44 progetti, "
            "2.782.889 euro concessi su 4.292.411 euro di costo totale, azioni di "
            "sistema per 806.418 euro."
        ),
    },
    {
        "slug": "2020-2023", "name": "2020-2023",
        "starts_on": date(2020, 1, 1), "ends_on": date(2023, 12, 31),
        "dgr_reference": "DGR XI/2398", "dgr_date": date(2019, 11, 11),
        "decree_reference": "Decreto 486", "decree_date": date(2020, 1, 17),
        "summary": (
            "Linee guida per i Piani territoriali 2020-2023: 2,8 milioni di euro "
            "ripartiti tra le 8 ATS in base alla popolazione residente, più 200.000 "
            "euro gestiti da Regione. Progetti da concludere entro il 31/05/2023."
        ),
    },
    {
        "slug": "2025-2027", "name": "2025-2027",
        "starts_on": date(2025, 1, 1), "ends_on": date(2027, 12, 31),
        "dgr_reference": "Linee guida regionali", "dgr_date": date(2025, 12, 9),
        "decree_reference": "", "decree_date": None,
        "summary": (
            "Linee guida approvate il 09/12/2025: 3 milioni di euro ripartiti tra le "
            "ATS in base alla popolazione."
        ),
    },
]

AREAS_2020_2023 = [
    "Servizi di assistenza e supporto al caregiver familiare",
    "Servizi per la gestione del pre e post scuola e dei periodi di chiusura scolastica",
    "Servizi salvatempo (maggiordomo aziendale, stireria, piccole commissioni)",
    "Servizi di consulenza rivolti a enti pubblici e a micro, piccole e medie imprese",
    "Servizi a sostegno dei lavoratori e collaboratori autonomi e dei liberi professionisti",
    "Progetti ai sensi della legge regionale 28/2004 sulle politiche dei tempi delle città",
]

# DGR XI/2398: ATS slug -> (2020, 2021, 2022) in euro
ALLOCATIONS_2020_2023 = {
    "milano": (276_000, 346_000, 346_000),
    "insubria": (117_000, 146_300, 146_300),
    "montagna": (23_700, 29_600, 29_600),
    "brianza": (96_300, 120_400, 120_400),
    "bergamo": (88_600, 110_700, 110_700),
    "brescia": (92_700, 115_800, 115_800),
    "val-padana": (61_300, 76_600, 76_600),
    "pavia": (43_400, 54_200, 54_200),
}


def load(apps, schema_editor):
    Region = apps.get_model("territory", "Region")
    Province = apps.get_model("territory", "Province")
    Ats = apps.get_model("territory", "ATS")
    Ambito = apps.get_model("territory", "Ambito")
    Comune = apps.get_model("territory", "Comune")
    Period = apps.get_model("territory", "ProgrammingPeriod")
    Area = apps.get_model("territory", "InterventionArea")
    Allocation = apps.get_model("territory", "Allocation")

    region, _ = Region.objects.get_or_create(
        istat_code="03", defaults={"name": "Lombardia"}
    )
    provinces = {}
    for code, name in PROVINCES:
        provinces[code], _ = Province.objects.get_or_create(
            code=code, defaults={"name": name, "region": region}
        )
    ats_by_slug = {}
    for code, name, short, slug, served, province_codes, website in ATS:
        ats, _ = Ats.objects.get_or_create(
            code=code,
            defaults={
                "region": region, "name": name, "short_name": short, "slug": slug,
                "areas_served": served, "website": website,
            },
        )
        ats.provinces.set([provinces[c] for c in province_codes])
        ats_by_slug[slug] = ats
    ambiti = {}
    for ats_slug, rows in AMBITI.items():
        for slug, name in rows:
            ambiti[slug], _ = Ambito.objects.get_or_create(
                slug=slug, defaults={"ats": ats_by_slug[ats_slug], "name": name}
            )
    for istat, name, province, ambito in COMUNI:
        Comune.objects.get_or_create(
            istat_code=istat,
            defaults={
                "name": name, "province": provinces[province], "ambito": ambiti[ambito],
            },
        )
    periods = {}
    for data in PERIODS:
        slug = data["slug"]
        periods[slug], _ = Period.objects.get_or_create(
            slug=slug, defaults={k: v for k, v in data.items() if k != "slug"}
        )
    for number, name in enumerate(AREAS_2020_2023, start=1):
        Area.objects.get_or_create(
            period=periods["2020-2023"], number=number, defaults={"name": name}
        )
    for ats_slug, amounts in ALLOCATIONS_2020_2023.items():
        for year, amount in zip((2020, 2021, 2022), amounts, strict=True):
            Allocation.objects.get_or_create(
                period=periods["2020-2023"], ats=ats_by_slug[ats_slug], year=year,
                defaults={"amount": Decimal(amount)},
            )


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
