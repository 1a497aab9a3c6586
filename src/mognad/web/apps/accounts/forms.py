"""Forms of the accounts app: the user name of every account is its e-mail address."""

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mognad.web.apps.accounts import throttle

THROTTLED = _(
    "Too many failed attempts to log in with this e-mail address. Please wait 15 minutes "
    "and try again, or reset your password."
)


def _email_field() -> forms.EmailField:
    widget = forms.EmailInput(attrs={"autocomplete": "email"})
    return forms.EmailField(label=_("E-mail address"), max_length=150, widget=widget)


def _password_field(autocomplete: str, help_text: Any = "") -> forms.CharField:
    widget = forms.PasswordInput(attrs={"autocomplete": autocomplete})
    return forms.CharField(label=_("Password"), strip=False, widget=widget, help_text=help_text)


class SignupForm(forms.Form):
    email = _email_field()
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        help_text=_("Optional. Shown to the other members of your workspaces."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = _password_field(
        "new-password", _("At least 8 characters; not only digits, not a common password.")
    )

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).lower()
        if User.objects.filter(username__iexact=email).exists():
            raise ValidationError(
                _("An account with this e-mail address exists already. Log in instead."),
                code="taken",
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            user = User(username=data.get("email", ""), email=data.get("email", ""))
            user.first_name = data.get("name", "")
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class LoginForm(forms.Form):
    email = _email_field()
    password = _password_field("current-password")

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None
        self.throttled = False

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, password = data.get("email"), data.get("password")
        if email and password:
            self.user = self._authenticate(email, password)
        return data

    def _authenticate(self, email: str, password: str) -> User:
        if throttle.is_locked(email):
            self.throttled = True
            raise ValidationError(THROTTLED, code="throttled")
        user = authenticate(self.request, username=email, password=password)
        if not isinstance(user, User):
            throttle.record_failure(email)
            raise ValidationError(
                _("This e-mail address and password do not match an account."),
                code="invalid_login",
            )
        throttle.clear_failures(email)
        return user


class NewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's form for the reset link, checked by the same validators as sign-up."""

    def validate_password_for_user(self, user: Any, password_field_name: str = "password2") -> None:
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error(password_field_name, error)
