"""Public catalogue pages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_list_searches_without_accents(client, demo_catalog):
    response = client.get("/procedures/", {"q": "khai sinh dang ky"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("/procedures/1.001193/") < html.index("/procedures/2.000528/")


def test_list_filters(client, demo_catalog):
    response = client.get("/procedures/", {"level": "province", "online_level": "full", "field": "nonsense"})
    assert response.status_code == 200
    assert "/procedures/2.001610/" in response.content.decode()
    assert "/procedures/1.001193/" not in response.content.decode()
    assert client.get("/procedures/", {"page": "x"}).status_code == 200
    assert client.get("/procedures/", {"page": "3"}).status_code == 200


def test_detail_shows_what_a_citizen_needs(client, demo_catalog):
    response = client.get("/procedures/1.001193/", HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thủ tục đăng ký khai sinh" in html
    assert "Giấy chứng sinh" in html  # a document
    assert "123/2015/NĐ-CP" in html  # legal basis
    assert "Nộp hồ sơ trực tuyến" in html
    assert "/accounts/login/?next=%2Fprocedures%2F1.001193%2F" in html
    assert ' style="' not in html


def test_unknown_fee_says_so(client, demo_catalog):
    html = client.get("/procedures/1.000689/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "amount not known" in html


def test_unknown_procedure_is_404(client, demo_catalog):
    assert client.get("/procedures/9.999999/").status_code == 404
    assert client.get("/procedures/1.001193/", {"version": "7"}).status_code == 404


def test_alternatives_and_group_parts_are_shown(client, demo_catalog):
    html = client.get("/procedures/1.001193/").content.decode()
    assert "Giấy cam đoan về việc sinh" in html
    group = client.get("/procedures/2.001023/").content.decode()
    assert 'href="/procedures/1.001193/"' in group


def test_list_query_count(client, demo_catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get("/procedures/", {"q": "dang ky", "level": "commune"})
    assert response.status_code == 200
