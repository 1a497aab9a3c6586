"""Sign up, log in and log out through HTTP: accounts are named by their e-mail address."""

import pytest
from django.contrib.auth.models import User

from tests.web.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_it_signs_up_and_logs_in_the_new_account(client):
    """A valid sign-up creates an account named by its lower-case address and logs it in."""
    response = client.post(
        "/accounts/signup/",
        {"email": "Grace@Example.org", "name": "Grace Hopper", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/w/"
    user = User.objects.get()
    assert (user.username, user.email, user.first_name) == (
        "grace@example.org",
        "grace@example.org",
        "Grace Hopper",
    )
    assert user.check_password(PASSWORD)
    assert client.get("/w/").status_code == 200


def test_the_name_is_optional(client):
    """Without a name the account is made all the same."""
    client.post("/accounts/signup/", {"email": "ada@example.org", "password": PASSWORD})
    assert User.objects.get().first_name == ""


@pytest.mark.parametrize("password", ["short1", "12345678901", "password123", "ada@example.org"])
def test_it_rejects_a_weak_password_next_to_the_field(client, password):
    """Django's password validators apply; the error stands by the password field."""
    response = client.post("/accounts/signup/", {"email": "ada@example.org", "password": password})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.exists()


def test_it_rejects_an_address_that_has_an_account(client):
    """A second account for the same address, in any case, is refused."""
    make_user("ada@example.org")
    response = client.post("/accounts/signup/", {"email": "ADA@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "exists already" in response.context["form"].errors["email"][0]
    assert User.objects.count() == 1


def test_it_rejects_a_malformed_address_without_an_error_page(client):
    """Bad input gives the form back with a message, never a 500."""
    response = client.post("/accounts/signup/", {"email": "not-an-address", "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.exists()


def test_the_signup_page_labels_every_input(client):
    """Each input of the sign-up form has a label pointing at it."""
    page = client.get("/accounts/signup/").content.decode()
    for field in ("email", "name", "password"):
        assert f'for="id_{field}"' in page
        assert f'id="id_{field}"' in page


def test_it_logs_in_by_e_mail_address(client):
    """The right address and password log in and follow a `next` on this site."""
    make_user("ada@example.org")
    response = client.post(
        "/accounts/login/", {"email": "Ada@Example.org", "password": PASSWORD, "next": "/w/x/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/w/x/"
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


def test_it_ignores_a_next_on_another_site(client):
    """A `next` pointing elsewhere is replaced by the workspace list: no open redirect."""
    make_user("ada@example.org")
    data = {"email": "ada@example.org", "password": PASSWORD, "next": "https://evil.example/"}
    response = client.post("/accounts/login/", data)
    assert response["Location"] == "/w/"


def test_it_refuses_a_wrong_password(client):
    """A wrong password shows a message and logs nobody in."""
    make_user("ada@example.org")
    response = client.post("/accounts/login/", {"email": "ada@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_logs_out_by_post_only(client):
    """Logging out is a POST (a link could be triggered by another site); GET is refused."""
    client.force_login(make_user())
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_pages_show_the_account_links(client):
    """Logged out, the header offers log in and sign up; logged in, a log-out form."""
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/signup/?next=' in page
    client.force_login(make_user())
    page = client.get("/w/").content.decode()
    assert 'action="/accounts/logout/"' in page
