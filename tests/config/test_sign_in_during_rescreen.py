"""A sign-in while the embedded worker re-screens after a list load gets its 200 (issue
14: the first sign-in after `alliance serve` started was a 500 "database is locked").

The background run is the worker's own code path (``list_version_rescreen``), in its own
process, on SQLite, with the screener's build slowed to several seconds, as a real list's
index build is. The screener is built before the write transaction, so the sign-in
neither fails nor waits for it."""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.config.helpers import Instance, serving

# They start real servers and processes: one at a time, beside the rest of the suite
# (and beside tests/config/test_commands.py's group, so that no worker holds them all).
pytestmark = pytest.mark.xdist_group("processes-http")

PASSWORD = "correct horse battery staple"
BUILD_SECONDS = 6
SETUP = f"""
from allauth.account.models import EmailAddress
from alliance.accounts.models import RoleGrant, User
from alliance.datadir import FALLBACK_DATA_DIR
from alliance.screening.actions import list_version_load
sam = User.objects.create_user(email="sam@secretariat.example", password="x")
RoleGrant.objects.create(user=sam, role="secretariat")
alice = User.objects.create_user(email="alice@amani.example", password="{PASSWORD}")
EmailAddress.objects.create(user=alice, email=alice.email, verified=True, primary=True)
path = FALLBACK_DATA_DIR / "lists" / "un" / "un_consolidated_fallback.xml"
list_version_load(actor=sam, path_or_upload=path)
"""
RESCREEN = f"""
import time
from alliance.screening import actions
from alliance.screening.models import ListVersion
build = actions.screener_for
def slow(entries):
    print("building", flush=True)
    time.sleep({BUILD_SECONDS})
    return build(entries)
actions.screener_for = slow
version = ListVersion.objects.get()
ListVersion.objects.filter(pk=version.pk).update(rescreened_at=None)
actions.list_version_rescreen(version=version)
print("done", flush=True)
"""


def _sign_in(url: str) -> tuple[int, float]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{url}/accounts/login/", timeout=60) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = urllib.parse.urlencode(
        {"login": "alice@amani.example", "password": PASSWORD, "csrfmiddlewaretoken": token[1]}
    ).encode()
    request = urllib.request.Request(
        f"{url}/accounts/login/", data=form, headers={"Referer": f"{url}/accounts/login/"}
    )
    started = time.monotonic()
    with opener.open(request, timeout=60) as response:  # follows the redirect home
        status = response.status
        final = response.url
    elapsed = time.monotonic() - started
    assert "/accounts/login/" not in final, "the sign-in did not take"
    return status, elapsed


def test_sign_in_during_the_rescreen_gets_200(tmp_path: Path) -> None:
    instance = Instance(tmp_path / "var")
    instance.migrate()
    instance.python(SETUP)
    with serving(instance, "--no-worker") as (url, _):
        worker = instance.spawn("manage", "shell", "--no-imports", "-c", RESCREEN)
        try:
            line = worker.read_line()
            assert line.strip() == "building", worker.logged()
            status, elapsed = _sign_in(url)
            assert status == 200
            # It did not wait for the build: the database was not held while it ran.
            assert elapsed < BUILD_SECONDS / 2, elapsed
            assert worker.read_line().strip() == "done", worker.logged()
            assert worker.wait(timeout=60) == 0, worker.logged()
        finally:
            worker.close()
