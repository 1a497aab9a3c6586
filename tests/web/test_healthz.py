"""`GET /healthz` tells a load balancer whether Mognad and its database answer."""

import json
import urllib.error
import urllib.request

import pytest


@pytest.mark.django_db
def test_it_reports_ok_when_the_database_answers(client):
    """The health check answers 200 with a JSON body naming the database as ok."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_sets_no_cookie(client):
    """The health check needs no session and leaves none behind."""
    response = client.get("/healthz")
    assert response.cookies == {}


def test_it_answers_through_the_real_wsgi_server(live_server_url):
    """granian in WSGI mode serves the health check with 200 and JSON."""
    with urllib.request.urlopen(live_server_url + "/healthz", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json"
        assert json.load(response) == {"status": "ok", "database": "ok"}


def test_it_answers_503_when_the_database_is_unreachable(unreachable_db_server_url):
    """With no database listening, the health check says so with 503 and JSON."""
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(unreachable_db_server_url + "/healthz", timeout=10)
    assert raised.value.code == 503
    assert json.load(raised.value) == {"status": "error", "database": "unreachable"}
