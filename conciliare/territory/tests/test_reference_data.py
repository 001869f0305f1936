from datetime import date

import pytest

from conciliare.territory.models import ATS, ProgrammingPeriod

pytestmark = pytest.mark.django_db


def test_the_eight_ats_with_their_provinces():
    ats = {a.slug: a for a in ATS.objects.prefetch_related("provinces")}
    assert len(ats) == 8
    assert {p.code for p in ats["milano"].provinces.all()} == {"MI", "LO"}
    assert {p.code for p in ats["val-padana"].provinces.all()} == {"MN", "CR"}
    assert {p.code for p in ats["insubria"].provinces.all()} == {"CO", "VA"}
    assert {p.code for p in ats["brianza"].provinces.all()} == {"LC", "MB"}
    assert "Valle Camonica" in ats["montagna"].areas_served


def test_the_four_periods_with_their_acts():
    periods = {p.slug: p for p in ProgrammingPeriod.objects.all()}
    assert list(periods) == ["2014-2016", "2017-2018", "2020-2023", "2025-2027"]
    model = periods["2020-2023"]
    assert (model.dgr_reference, model.dgr_date) == ("DGR XI/2398", date(2019, 11, 11))
    assert (model.decree_reference, model.decree_date) == (
        "Decreto 486",
        date(2020, 1, 17),
    )
    assert periods["2017-2018"].ends_on == date(2020, 1, 15)  # extended by DGR XI/1017
    assert periods["2014-2016"].dgr_reference == "DGR X/1081"


def test_the_six_areas_of_dgr_2398():
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    areas = list(period.areas.values_list("number", flat=True))
    assert areas == [1, 2, 3, 4, 5, 6]
    assert "caregiver" in period.areas.get(number=1).name
