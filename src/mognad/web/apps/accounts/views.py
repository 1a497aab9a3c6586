"""Sign up, log in and log out; the password reset pages are Django's own views (urls.py)."""

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from mognad.web.apps.accounts.actions import sign_up
from mognad.web.apps.accounts.forms import LoginForm, SignupForm

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def next_url(request: HttpRequest) -> str:
    """Where to go after logging in: a `next` on this site, else the workspace list."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url(request))
    form = SignupForm(request.POST) if request.method == "POST" else SignupForm()
    if form.is_valid():
        user = sign_up(**form.cleaned_data)
        login(request, user, backend=MODEL_BACKEND)
        return HttpResponseRedirect(next_url(request))
    context = {"form": form, "next": next_url(request)}
    return render(request, "accounts/signup.html", context)


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, request.POST) if request.method == "POST" else LoginForm(request)
    if form.is_valid() and form.user is not None:
        login(request, form.user)
        return HttpResponseRedirect(next_url(request))
    context = {"form": form, "next": next_url(request)}
    # 429 tells scripts and monitoring what the page says in words.
    return render(request, "accounts/login.html", context, status=429 if form.throttled else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
