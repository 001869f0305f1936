"""The catalogue of the open data described with DCAT-AP_IT (the Italian
profile of DCAT-AP, namespace http://dati.gov.it/onto/dcatapit#) in JSON-LD,
for dati.gov.it and other harvesters. Every node is typed with both the DCAT
class and its DCAT-AP_IT subclass; titles and descriptions in Italian and
English; themes, formats, frequencies and languages from the EU
vocabularies; licence CC BY 4.0."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from conciliare.opendata.dataset import EU_AUTHORITY, Dataset
from conciliare.opendata.registry import DATASETS

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: Regione Lombardia's code in the Indice delle Pubbliche Amministrazioni.
PUBLISHER_IPA = "r_lombar"
PUBLISHER_NAME = "Regione Lombardia"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)"

CATALOGUE_TITLE = gettext_lazy(
    "Dati aperti delle Reti territoriali per la conciliazione vita-lavoro"
)
CATALOGUE_DESCRIPTION = gettext_lazy(
    "Progetti, soggetti, pagamenti, destinatari raggiunti e indicatori, "
    "assegnazioni regionali e contributi delle Reti territoriali per la "
    "conciliazione vita-lavoro di Regione Lombardia, pubblicati da Conciliare."
)


@dataclass(frozen=True)
class Format:
    """A download format: its extension, EU file type and media type."""

    extension: str
    file_type: str
    media_type: str


FORMATS = (
    Format("csv", "CSV", "text/csv"),
    Format("json", "JSON", "application/json"),
)


def download_path(dataset: Dataset, extension: str) -> str:
    return reverse(f"opendata:dataset-{extension}", kwargs={"dataset": dataset.slug})


def dictionary_path(dataset: Dataset) -> str:
    return reverse("opendata:dataset-dictionary", kwargs={"dataset": dataset.slug})


def _text(message: Any) -> list[dict[str, str]]:
    """``message`` (a lazy translation) in Italian and in English."""
    values = []
    for language in ("it", "en"):
        with override(language):
            values.append({"@language": language, "@value": str(message)})
    return values


def _date(day: date) -> dict[str, str]:
    return {"@type": "xsd:date", "@value": day.isoformat()}


def _agent() -> dict[str, Any]:
    return {
        "@id": f"https://www.indicepa.gov.it/ipa-dati/ente/{PUBLISHER_IPA}",
        "@type": ["foaf:Agent", "dcatapit:Agent"],
        "foaf:name": PUBLISHER_NAME,
        "dct:identifier": PUBLISHER_IPA,
    }


def _licence() -> dict[str, Any]:
    return {
        "@id": LICENCE_URL,
        "@type": ["dct:LicenseDocument", "dcatapit:LicenseDocument"],
        "dct:type": {"@id": "http://purl.org/adms/licencetype/Attribution"},
        "foaf:name": LICENCE_NAME,
    }


def _distribution(dataset: Dataset, fmt: Format, base_url: str) -> dict[str, Any]:
    url = base_url + download_path(dataset, fmt.extension)
    return {
        "@id": url,
        "@type": ["dcat:Distribution", "dcatapit:Distribution"],
        "dct:title": [
            {
                "@language": item["@language"],
                "@value": f"{item['@value']} ({fmt.file_type})",
            }
            for item in _text(dataset.title)
        ],
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": {"@id": f"{EU_AUTHORITY}/file-type/{fmt.file_type}"},
        "dcat:mediaType": fmt.media_type,
        "dct:license": _licence(),
    }


def _dataset(dataset: Dataset, base_url: str, modified: date) -> dict[str, Any]:
    page = base_url + dictionary_path(dataset)
    keywords = []
    for keyword in dataset.keywords:
        keywords.extend(_text(keyword))
    return {
        "@id": page,
        "@type": ["dcat:Dataset", "dcatapit:Dataset"],
        "dct:identifier": f"{PUBLISHER_IPA}:conciliare-{dataset.slug}",
        "dct:title": _text(dataset.title),
        "dct:description": _text(dataset.description),
        "dcat:theme": [
            {"@id": f"{EU_AUTHORITY}/data-theme/{theme}"} for theme in dataset.themes
        ],
        "dct:publisher": _agent(),
        "dct:rightsHolder": _agent(),
        "dct:modified": _date(modified),
        "dct:accrualPeriodicity": {
            "@id": f"{EU_AUTHORITY}/frequency/{dataset.accrual_periodicity}"
        },
        "dct:language": {"@id": f"{EU_AUTHORITY}/language/ITA"},
        "dcat:keyword": keywords,
        "dcat:landingPage": {"@id": page},
        "dcat:contactPoint": {
            "@type": ["vcard:Organization", "dcatapit:Organization"],
            "vcard:fn": _("Regione Lombardia – Reti territoriali per la conciliazione"),
            "vcard:hasURL": {"@id": base_url + reverse("territory:ats-list")},
        },
        "dcat:distribution": [_distribution(dataset, fmt, base_url) for fmt in FORMATS],
    }


def catalogue_jsonld(*, base_url: str, today: date) -> dict[str, Any]:
    """The DCAT-AP_IT catalogue; a dataset without data yet is dated
    ``today``."""
    with override("it"):
        entries = [(dataset, dataset.modified() or today) for dataset in DATASETS]
        home = base_url + reverse("opendata:catalogue")
        return {
            "@context": CONTEXT,
            "@id": home,
            "@type": ["dcat:Catalog", "dcatapit:Catalog"],
            "dct:title": _text(CATALOGUE_TITLE),
            "dct:description": _text(CATALOGUE_DESCRIPTION),
            "dct:publisher": _agent(),
            "dct:modified": _date(max(modified for _ds, modified in entries)),
            "dct:language": {"@id": f"{EU_AUTHORITY}/language/ITA"},
            "foaf:homepage": {"@id": home},
            "dcat:themeTaxonomy": {"@id": f"{EU_AUTHORITY}/data-theme"},
            "dcat:dataset": [
                _dataset(dataset, base_url, modified) for dataset, modified in entries
            ],
        }
