"""`kill -9` of `alliance serve` (gunicorn's master and workers) in the middle of a burst
of HTTP writes, then a restart (issue 14): no half-done change, the log verifies, and a
checkpoint saved before the kill is consistent with the new one.

The burst: a secretariat session (password and TOTP, over HTTP) saving the budget again
and again, each save one transaction with its audit event, the published totals and a
log entry; beside it, an applicant signing in again and again (sessions and last-login
writes). The server is killed once a dozen saves have been answered."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import totp_now
from tests.config.helpers import Instance, alive, descendants, serving

# They start real servers and processes: one at a time, beside the rest of the suite
# (and beside tests/config/test_commands.py's group, so that no worker holds them all).
pytestmark = pytest.mark.xdist_group("processes-http")

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SETUP = f"""
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from alliance.accounts.models import RoleGrant, User
from alliance.transparency.services import publish_fact
for email, role in (("sam@secretariat.example", "secretariat"), ("alice@amani.example", None)):
    user = User.objects.create_user(email=email, password="{PASSWORD}")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        RoleGrant.objects.create(user=user, role=role)
        TOTP.activate(user, "{SECRET}")
for i in range(2):
    with transaction.atomic():
        publish_fact(kind="test.fact", subject=f"t:{{i}}", fact={{"n": i}})
"""
STATE = """
from alliance.transparency.models import Checkpoint
c = Checkpoint.objects.order_by("-id").first()
print(c.verifier_key)
print(c.note, end="")
"""
INVARIANTS = """
from django.apps import apps
from alliance.core.models import AuditEvent
from alliance.funding.models import PublishedTotals
from alliance.transparency.integrity import problems
from alliance.transparency.models import LogEntry, LogHead
orphans = []
for event in AuditEvent.objects.all():
    model = apps.get_model(event.object_type)
    if not model._default_manager.filter(pk=event.object_id).exists():
        orphans.append(f"{event.verb} {event.object_type}#{event.object_id}")
print("orphans", len(orphans), orphans[:3])
print("bad-leaves", len(problems(LogEntry.objects.all())))
print("counts",
      AuditEvent.objects.filter(verb="budget.set").count(),
      PublishedTotals.objects.count(),
      LogEntry.objects.filter(kind="funding.totals").count(),
      LogHead.objects.get().size, LogEntry.objects.count())
"""


def _opener() -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def _post_form(opener, url: str, fields: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    with opener.open(url, timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None, url
    data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token[1]}).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    with opener.open(request, timeout=30) as response:
        return str(response.url)


def _staff_session(url: str):  # type: ignore[no-untyped-def]
    opener = _opener()
    after = _post_form(
        opener, f"{url}/accounts/login/", {"login": "sam@secretariat.example", "password": PASSWORD}
    )
    assert "/2fa/authenticate/" in after, after
    _post_form(opener, f"{url}/accounts/2fa/authenticate/", {"code": totp_now(SECRET)})
    return opener


def _quietly(call):  # type: ignore[no-untyped-def]
    """A request the kill cuts short raises in its thread; that is the point."""

    def run() -> None:
        with contextlib.suppress(urllib.error.URLError, ConnectionError, OSError):
            call()

    return run


@pytest.fixture
def instance(tmp_path: Path) -> Instance:
    instance = Instance(tmp_path / "var", extra={"ALLIANCE_BASE_URL": "http://127.0.0.1:8000"})
    instance.migrate()
    instance.python(SETUP)
    return instance


@pytest.mark.fault
def test_kill_9_of_the_server_in_a_burst_of_http_writes(instance: Instance, tmp_path: Path):
    key, note = instance.python(STATE).split("\n", 1)
    (tmp_path / "key").write_text(key + "\n")
    (tmp_path / "older").write_text(note)
    saved = 0
    stop = threading.Event()

    with serving(instance, "--no-worker") as (url, server):
        staff = _staff_session(url)
        budget = f"{url}/funding/budget/2026/"
        assert _post_form(staff, budget, {"lines": "Secretariat: 1000"}).endswith(
            "/funding/dashboard/"
        )

        def sign_ins() -> None:
            while not stop.is_set():
                try:
                    _post_form(
                        _opener(), f"{url}/accounts/login/",
                        {"login": "alice@amani.example", "password": PASSWORD},
                    )  # fmt: skip
                except (urllib.error.URLError, ConnectionError, OSError):
                    return
                # Under the per-address sign-in limit (30 a minute, ACCOUNT_RATE_LIMITS),
                # which the restarted site still counts from its cache: at 0.2 s a fast
                # machine reached it, and the staff sign-in after the restart got a 429.
                time.sleep(2.5)

        applicant = threading.Thread(target=sign_ins, daemon=True)
        applicant.start()
        children = descendants(server.pid)
        groups = {os.getpgid(pid) for pid in children}
        try:
            for n in range(1, 10_000):
                _post_form(staff, budget, {"lines": f"Secretariat: {1000 + n}"})
                saved = n + 1
                if saved >= 12:
                    # The next save is on its way when everything dies at once.
                    last = _quietly(lambda: _post_form(staff, budget, {"lines": "Secretariat: 1"}))
                    threading.Thread(target=last, daemon=True).start()
                    time.sleep(0.05)
                    break
        finally:
            for group in groups:
                os.killpg(group, signal.SIGKILL)
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=10)
            stop.set()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in children):
        time.sleep(0.1)
    assert [pid for pid in children if alive(pid)] == []

    report = instance.python(INVARIANTS).splitlines()
    assert report[0].startswith("orphans 0"), report[0]
    assert report[1] == "bad-leaves 0"
    audits, totals, logged, head, entries = map(int, report[2].split()[1:])
    # Every save is whole: its audit event, its published totals and its log entry.
    assert audits == totals == logged >= saved
    assert head == entries == logged + 2

    with serving(instance, "--no-worker") as (url, _):
        staff = _staff_session(url)  # the restarted site answers writes again
        _post_form(staff, f"{url}/funding/budget/2026/", {"lines": "Secretariat: 5"})
        verify = instance.run(
            "log", "verify", "--url", url, "--key", str(tmp_path / "key"),
            "--older", str(tmp_path / "older"),
        )  # fmt: skip
    assert "VERIFIED" in verify.stdout
    assert "consistency OK: size 2 is a prefix" in verify.stdout
    assert "VERIFIED" in instance.run("log", "verify", "--database").stdout
