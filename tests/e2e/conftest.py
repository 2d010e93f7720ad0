"""A real server for end-to-end tests: its own database, migrated and seeded like `make run`,
served by a child process on a free loopback port, driven by the system Chromium."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_database(tmp_path_factory):
    """A fresh database: a SQLite file, or a new PostgreSQL database when DATABASE_URL is set."""
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url:
        yield {"TILTAS_SQLITE_PATH": str(tmp_path_factory.mktemp("e2e") / "e2e.sqlite3")}
        return
    import dj_database_url
    import psycopg

    params = dj_database_url.parse(base_url)
    name = f"tiltas_e2e_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        dbname="postgres",
        user=params["USER"],
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        password=params["PASSWORD"] or None,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def live_server_url(server_database):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(server_database)
    env.update(
        {
            "TILTAS_DEBUG": "1",
            "TILTAS_DEMO": "1",
            "TILTAS_REQUIRE_MFA": "0",
            "TILTAS_SSL_REDIRECT": "0",
            "TILTAS_STATIC_MANIFEST": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_reference"], ["seed_demo"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    log_path = Path(tempfile.gettempdir()) / f"tiltas-e2e-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115
    process = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/accounts/login/", timeout=2)  # noqa: S310
            break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("the test server exited; see " + log.name) from None
            time.sleep(0.3)
    else:
        process.terminate()
        raise RuntimeError("the test server did not start within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="lt-LT")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
