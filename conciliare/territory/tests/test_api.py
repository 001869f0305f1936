import pytest

pytestmark = pytest.mark.django_db


def test_api_lists_the_eight_ats(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/territory/ats")
    assert response.status_code == 200
    milano = next(a for a in response.json() if a["slug"] == "milano")
    assert len(response.json()) == 8
    assert sorted(milano["provinces"]) == ["LO", "MI"]


def test_api_period_with_its_areas(client):
    body = client.get("/api/v1/territory/periods/2020-2023").json()
    assert body["dgr_reference"] == "DGR XI/2398"
    assert [a["number"] for a in body["areas"]] == [1, 2, 3, 4, 5, 6]


def test_api_allocations_add_up(client):
    body = client.get("/api/v1/territory/periods/2020-2023/allocations").json()
    assert body["years"] == [2020, 2021, 2022]
    assert float(body["total"]) == 2_798_200
    assert float(body["year_totals"]["2020"]) == 799_000
    milano = next(r for r in body["rows"] if r["ats"] == "milano")
    assert float(milano["total"]) == 968_000


def test_api_unknown_period_is_a_json_404(client):
    response = client.get("/api/v1/territory/periods/1999-2000")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_openapi_document_is_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/territory/ats" in schema["paths"]
    assert "/api/v1/registry/organisations" in schema["paths"]
    assert "/api/v1/documents/documents" in schema["paths"]
