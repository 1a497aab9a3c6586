"""URLs of the accounts app: Django's password reset views, with Mognad's templates."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path, reverse_lazy

from mognad.web.apps.accounts import views
from mognad.web.apps.accounts.forms import NewPasswordForm

app_name = "accounts"

password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=NewPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password-reset/", password_reset, name="password_reset"),
    path("password-reset/sent/", password_reset_done, name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", password_reset_confirm, name="password_reset_confirm"),
    path("password-reset/done/", password_reset_complete, name="password_reset_complete"),
]
