import pytest
from django.core.management import call_command


def test_deploy_check_is_clean_with_production_settings(settings, monkeypatch):
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright's sync API)
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    # given the settings production sets through DJANGO_* variables
    settings.DEBUG = False
    settings.SECRET_KEY = "p" * 20 + "production-secret-with-enough-entropy-1234567890"
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.ALLOWED_HOSTS = ["conciliare.example"]

    # when / then: any warning fails the check
    call_command("check", "--deploy", "--fail-level", "WARNING")


def test_deploy_check_refuses_the_development_secret(settings):
    from django.core.management.base import SystemCheckError

    settings.DEBUG = False
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", "--fail-level", "WARNING")
