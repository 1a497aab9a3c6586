"""Password reset by e-mail: the link in the mail sets a new password, once."""

import re

import pytest
from django.contrib.auth.models import User

from tests.web.factories import make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase 42"


def _reset_link(mailoutbox) -> str:
    assert len(mailoutbox) == 1
    match = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/\S+/)", mailoutbox[0].body)
    assert match, mailoutbox[0].body
    return match.group(1)


def test_it_mails_a_reset_link_that_sets_a_new_password(client, mailoutbox):
    """The mailed link leads to a form whose new password then logs in."""
    make_user("ada@example.org")
    response = client.post("/accounts/password-reset/", {"email": "ada@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mailoutbox[0].to == ["ada@example.org"]
    assert mailoutbox[0].subject == "Choose a new Mognad password"
    form_page = client.get(_reset_link(mailoutbox), follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/accounts/password-reset/done/"
    assert User.objects.get().check_password(NEW_PASSWORD)
    login = {"email": "ada@example.org", "password": NEW_PASSWORD}
    assert client.post("/accounts/login/", login).status_code == 302


def test_the_link_works_only_once(client, mailoutbox):
    """After the password is changed, the same link shows that it no longer works."""
    make_user("ada@example.org")
    client.post("/accounts/password-reset/", {"email": "ada@example.org"})
    link = _reset_link(mailoutbox)
    form_page = client.get(link, follow=True)
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(form_page.redirect_chain[-1][0], data)
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert "does not work any more" in again.content.decode()


def test_it_rejects_a_weak_new_password(client, mailoutbox):
    """The new password meets the same rules as at sign-up."""
    user = make_user("ada@example.org")
    client.post("/accounts/password-reset/", {"email": "ada@example.org"})
    form_page = client.get(_reset_link(mailoutbox), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert not user.check_password("123")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, mailoutbox):
    """The page does not tell whether an address has an account."""
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mailoutbox == []
