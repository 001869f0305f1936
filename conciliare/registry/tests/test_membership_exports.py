import pytest

from conciliare.registry.membership_exports import (
    membership_export_filename,
    membership_export_headers,
)
from conciliare.registry.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def test_the_filename_names_the_ats_and_period():
    network = NetworkFactory.create()

    name = membership_export_filename(network=network, extension="xlsx")

    assert name == "aderenti-milano-2025-2027.xlsx"


def test_eleven_columns_in_italian():
    headers = membership_export_headers()

    assert len(headers) == 11
    assert headers[-1] == "Consenso all'elenco pubblico"
