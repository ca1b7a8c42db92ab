import pytest

pytestmark = pytest.mark.django_db


def test_hanoi_lists_126_units_in_2025(client):
    body = client.get("/api/v1/geo/units", {"parent": "01"}).json()
    assert body["count"] == 126
    assert len(body["items"]) == 126
    assert {item["level"] for item in body["items"]} == {"commune"}


def test_hanoi_lists_30_districts_in_2017(client):
    body = client.get("/api/v1/geo/units", {"parent": "01", "structure": "2017"}).json()
    assert body["count"] == 30
    assert {item["level"] for item in body["items"]} == {"district"}


def test_search_without_diacritics(client):
    body = client.get("/api/v1/geo/units", {"q": "dong da"}).json()
    assert body["items"][0]["name"] == "Phường Đống Đa"
    assert "Đống Đa" in client.get("/api/v1/geo/units", {"q": "dong da"}).content.decode()  # UTF-8, not \\u escapes


def test_unit_detail_shows_merge_links(client):
    body = client.get("/api/v1/geo/units/00070").json()
    assert body["name"] == "Phường Hoàn Kiếm"
    assert {p["structure"] for p in body["predecessors"]} == {"2017"}
    old = client.get("/api/v1/geo/units/00001", {"structure": "2017"}).json()
    assert old["successors"][0]["structure"] == "2025"


@pytest.mark.parametrize(
    ("language", "words"), [("vi", "Không có đơn vị hành chính"), ("en", "No administrative unit")]
)
def test_unknown_unit_is_a_translated_problem(client, language, words):
    response = client.get("/api/v1/geo/units/99999", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "unit_not_found"
    assert body["status"] == 404
    assert words in body["detail"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"level": "planet"}, "level"),
        ({"limit": "0"}, "limit"),
        ({"limit": "abc"}, "limit"),
        ({"structure": "1999"}, "structure"),
        ({"parent": "x1"}, "parent"),
        ({"q": "a" * 101}, "q"),
    ],
)
def test_malformed_query_is_422_naming_the_parameter(client, params, parameter):
    response = client.get("/api/v1/geo/units", params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_parameter"
    assert [e["parameter"] for e in body["errors"]] == [parameter]
    assert parameter in body["detail"]


def test_malformed_unit_code_is_422(client):
    response = client.get("/api/v1/geo/units/abc")
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "code"


def test_agencies_directory(client):
    body = client.get("/api/v1/agencies", {"q": "hoan kiem"}).json()
    assert body["count"] == 2
    assert {a["kind"] for a in body["items"]} == {"peoples_committee", "one_stop_desk"}
    departments = client.get("/api/v1/agencies", {"kind": "department"}).json()
    assert departments["count"] >= 10
    assert client.get("/api/v1/agencies", {"kind": "bakery"}).status_code == 422


def test_list_endpoints_do_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/api/v1/geo/units", {"parent": "01"})
    with django_assert_max_num_queries(4):
        client.get("/api/v1/agencies", {"limit": 300})


def test_client_endpoint_needs_a_token(client):
    response = client.get("/api/v1/clients/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert client.get("/api/v1/clients/me", HTTP_AUTHORIZATION="Bearer mc_wrong").status_code == 401


def test_client_sees_its_scopes_and_agencies(client, commune_pc):
    from motcua.accounts.services import api_client_create

    api_client, raw = api_client_create(name="Cổng DVCQG", scopes=["dossiers:read"], agency_ids=[commune_pc.pk])
    body = client.get("/api/v1/clients/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert body == {"name": "Cổng DVCQG", "scopes": ["dossiers:read"], "agencies": [commune_pc.code]}
    api_client.active = False
    api_client.save(update_fields=["active"])
    assert client.get("/api/v1/clients/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_openapi_document_is_served(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/geo/units" in doc["paths"]
    assert "/api/v1/agencies" in doc["paths"]
