"""One person's first steps, as a case manager does them in the browser: sign in, register,
enrol, open a case with a team, read the timeline."""

import re

import pytest

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "demo-Tiltas-2026"


def sign_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def test_case_manager_registers_enrols_and_opens_a_case(page, live_server_url):
    base = live_server_url
    sign_in(page, base, "ruta")
    assert page.locator("html").get_attribute("lang") == "lt"

    page.goto(base + "/participants/new/")
    page.fill("#id_first_name", "Kotryna")
    page.fill("#id_last_name", "Šimkūnaitė")
    page.fill("#id_birth_date", "1992-05-17")
    page.select_option("#id_gender", "woman")
    page.select_option("#id_municipality", label="Kauno miesto savivaldybė")
    page.select_option("#id_citizenship", "eu")
    page.select_option("#id_labour_market_status", index=1)
    page.fill("#id_unemployed_since", "2024-01-10")
    page.fill("#id_phone", "+37061234567")
    # A partner organisation's psychologist joins the team below: that needs this consent.
    page.check("input[name=consents][value=partner_sharing]")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r".*/participants/\d+/$"))
    assert "Kotryna Šimkūnaitė" in page.inner_text("h1")
    person_url = page.url

    page.click("a[href*='/programmes/enrol/']")
    value = page.locator("#id_programme option", has_text="11-415-K-0003").get_attribute("value")
    page.select_option("#id_programme", value)
    page.fill("#id_entry_date", "2026-01-12")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(person_url)
    assert "11-415-K-0003" in page.inner_text("#programmes-h + table")

    page.click("a[href*='/cases/open/']")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+/$"))
    page.select_option("#id_user", label="Aistė Jankauskaitė")
    page.select_option("#id_specialty", "psychologist")
    page.click("form[action$='/team/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+/$"))
    assert "Aistė Jankauskaitė" in page.inner_text("section[aria-labelledby=team-h]")

    page.goto(person_url)
    timeline = page.inner_text("section[aria-labelledby=timeline-h]")
    assert "11-415-K-0003" in timeline
    assert "Aistė Jankauskaitė" in timeline
    assert timeline.count("\n") >= 4  # registered, consent, enrolled, case opened, team member


def test_colleague_outside_the_case_is_refused_the_record(page, live_server_url):
    base = live_server_url
    sign_in(page, base, "ruta")
    page.goto(base + "/participants/?q=zukauskiene")
    page.click("text=Žukauskienė, Ona")
    ona_url = page.url
    page.click("header form[action$='/accounts/logout/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))
    sign_in(page, base, "tomas")
    response = page.goto(ona_url)
    assert response.status == 404


def test_digits_typed_into_the_name_search_never_leave_the_browser(page, live_server_url):
    base = live_server_url
    sign_in(page, base, "ruta")
    sent = []
    page.on("request", lambda request: sent.append(request.url))
    page.goto(base + "/participants/")
    page.fill("#id_q", "Ona 48806172133")
    page.wait_for_timeout(1200)  # the live search fires after 300 ms of quiet
    page.press("#id_q", "Enter")
    page.wait_for_load_state()
    searches = [url for url in sent if "/participants/?" in url]
    assert searches, sent
    assert not any(re.search(r"\d{6}", url.split("?", 1)[1]) for url in searches)
    assert "48806172133" not in page.url
