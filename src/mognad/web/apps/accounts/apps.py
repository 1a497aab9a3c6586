from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mognad.web.apps.accounts"
    label = "accounts"
