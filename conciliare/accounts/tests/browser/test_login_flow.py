"""Signing in, signing up and two-factor authentication in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.accounts.tests.totp import totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DASHBOARD = re.compile(r"/area-riservata/$")


def test_a_citizen_mistypes_the_password_then_signs_in(page, axe_check):
    # given
    citizen = make_user()
    page.goto("/account/login/")
    axe_check(page)
    # when
    page.get_by_label("E-mail").fill(citizen.email)
    page.get_by_label("Password").fill("password-sbagliata")
    page.get_by_role("button", name="Accedi").click()
    # then
    expect(page.get_by_role("alert")).to_contain_text(
        "L'indirizzo email e/o la password che hai usato non sono corretti."
    )
    expect(page.get_by_label("E-mail")).to_have_value(citizen.email)
    axe_check(page)
    # when
    page.get_by_label("Password").fill("password-di-prova-1")
    page.get_by_role("button", name="Accedi").click()
    # then
    expect(page).to_have_url(DASHBOARD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Area riservata")
    axe_check(page)


def test_an_ats_officer_completes_the_totp_step(
    page, axe_check, browser_login, enrol_totp, tolerant_totp_clock
):
    # given
    officer = enrol_totp(make_user(Role.ATS_OFFICER, ats=ats("milano")))
    # when
    browser_login(page, officer)
    # then
    expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Autenticazione a Due Fattori"
    )
    axe_check(page)
    # when
    page.get_by_label("Codice").fill(totp_code())
    page.get_by_role("button", name="Accedi").click()
    # then
    expect(page).to_have_url(DASHBOARD)
    expect(page.get_by_role("heading", name="Funzionario ATS")).to_be_visible()
    axe_check(page)
    # when they open their two-factor settings (the password is asked again)
    page.goto("/account/2fa/totp/deactivate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conferma l'accesso")
    axe_check(page)
    page.get_by_label("Password").fill("password-di-prova-1")
    page.get_by_role("button", name="Conferma").click()
    # then
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Disattiva l'applicazione di autenticazione"
    )
    axe_check(page)
    for path, title in (
        ("/account/2fa/recovery-codes/", "Codici di recupero"),
        ("/account/2fa/", "Autenticazione a Due Fattori"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        axe_check(page)


def test_staff_without_totp_is_sent_to_activate_it(
    page, axe_check, browser_login, tolerant_totp_clock
):
    # given
    member = make_user(Role.COMMITTEE_MEMBER, ats=ats("brescia"))
    # when
    browser_login(page, member)
    # then allauth asks for the password again before enrolment
    expect(page).to_have_url(
        re.compile(r"/account/reauthenticate/\?next=%2Faccount%2F2fa%2Ftotp%2Factivate")
    )
    axe_check(page)
    page.get_by_label("Password").fill("password-di-prova-1")
    page.get_by_role("button", name="Conferma").click()
    expect(page).to_have_url(re.compile(r"/account/2fa/totp/activate/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Attiva l'applicazione di autenticazione"
    )
    axe_check(page)
    # when they try to reach the dashboard anyway
    page.goto("/area-riservata/")
    # then
    expect(page).to_have_url(re.compile(r"/account/2fa/totp/activate/"))
    # when they enrol with the secret shown on the page
    secret = page.get_by_label("Segreto dell'autenticatore").input_value()
    page.get_by_label("Codice autenticatore").fill(totp_code(secret))
    page.get_by_role("button", name="Attiva").click()
    # then they see their recovery codes and may work
    expect(page).to_have_url(re.compile(r"/account/2fa/recovery-codes/$"))
    axe_check(page)
    page.goto("/area-riservata/")
    expect(page).to_have_url(DASHBOARD)
    expect(page.get_by_role("heading", name="Componente del Comitato")).to_be_visible()


def test_a_new_citizen_signs_up_verifies_the_email_and_signs_in(
    page, axe_check, browser_login, mailoutbox, django_user_model
):
    # given
    page.goto("/account/signup/")
    axe_check(page)
    # when
    page.get_by_label("E-mail").fill("nuova.cittadina@example.org")
    page.get_by_label(re.compile(r"^Password \(obbligatorio\)")).fill(
        "password-di-prova-1"
    )
    page.get_by_label(re.compile(r"^Password \(di nuovo\)")).fill("password-di-prova-1")
    page.get_by_role("button", name="Registrazione").click()
    # then
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verifica il tuo indirizzo email"
    )
    axe_check(page)
    assert [m.to for m in mailoutbox] == [["nuova.cittadina@example.org"]]
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mailoutbox[0].body)
    assert link is not None
    # when
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Conferma l'indirizzo email"
    )
    axe_check(page)
    page.get_by_role("button", name="Conferma").click()
    # then
    expect(page).to_have_url(re.compile(r"/account/login/$"))
    # when
    browser_login(
        page, django_user_model.objects.get(email="nuova.cittadina@example.org")
    )
    # then
    expect(page).to_have_url(DASHBOARD)
    axe_check(page)


def test_the_login_page_works_on_a_phone(phone_page, axe_check, browser_login):
    # given
    citizen = make_user()
    # when
    phone_page.goto("/account/login/")
    # then
    expect(phone_page.get_by_label("E-mail")).to_be_visible()
    expect(phone_page.get_by_label("Password")).to_be_visible()
    expect(phone_page.get_by_role("button", name="Accedi")).to_be_visible()
    expect(
        phone_page.get_by_role("button", name="Mostra o nascondi la navigazione")
    ).to_be_visible()
    field = phone_page.get_by_label("E-mail").bounding_box()
    assert field is not None
    assert field["x"] >= 0
    assert field["x"] + field["width"] <= 390
    axe_check(phone_page)
    # when
    browser_login(phone_page, citizen)
    # then
    expect(phone_page).to_have_url(DASHBOARD)
    axe_check(phone_page)


def test_every_account_page_of_a_citizen_passes_axe(
    page, axe_check, browser_login, mailoutbox
):
    # given
    citizen = make_user()
    browser_login(page, citizen)
    expect(page).to_have_url(DASHBOARD)
    # when / then
    for path, title in (
        ("/account/email/", "Indirizzi email"),
        ("/account/password/change/", "Cambia la tua Password"),
        ("/account/2fa/", "Autenticazione a Due Fattori"),
        ("/account/2fa/totp/activate/", "Conferma l'accesso"),
        ("/account/logout/", "Disconnetti"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        axe_check(page)
    # when they sign out and reset the password
    page.get_by_role("button", name="Disconnetti").click()
    page.goto("/account/password/reset/")
    axe_check(page)
    page.get_by_label("E-mail").fill(citizen.email)
    page.get_by_role("button", name="Reimposta la mia password").click()
    expect(page).to_have_url(re.compile(r"/account/password/reset/done/$"))
    axe_check(page)
    link = re.search(
        r"https?://\S+/account/password/reset/key/\S+/", mailoutbox[-1].body
    )
    assert link is not None
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cambia la tua Password")
    axe_check(page)
    page.get_by_label(re.compile(r"^Nuova password \(obbligatorio\)")).fill(
        "un-altra-password-9"
    )
    page.get_by_label(re.compile(r"^Nuova password \(nuovamente\)")).fill(
        "un-altra-password-9"
    )
    page.get_by_role("button", name="Cambia la tua Password").click()
    # then
    expect(page).to_have_url(re.compile(r"/account/password/reset/key/done/$"))
    axe_check(page)
    browser_login(page, citizen, password="un-altra-password-9")
    expect(page).to_have_url(DASHBOARD)


def test_the_english_login_page_passes_axe(page, axe_check):
    page.goto("/en/account/login/")
    expect(page.get_by_role("button", name="Sign In")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page)
