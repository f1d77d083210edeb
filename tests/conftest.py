"""Shared test fixtures. Named users and factories live in tests/factories.py."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest

from alliance.datadir import FALLBACK_DATA_DIR
from tests.demo_db import demo, demo_template  # noqa: F401  (fixtures: the seeded demo, once a run)

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "alliance" / "locale"

# Hypothesis: the suite's default draws the same examples on every run and machine (a
# failure in CI is the one a developer reruns; no run is slower than the last by luck)
# and keeps no example database. A test's own ``@settings(max_examples=...)`` still
# holds; tests that set none get 50 (hypothesis' own default is 100).
# ``HYPOTHESIS_PROFILE=thorough`` draws fresh random examples, 500 where a test sets none.
hypothesis.settings.register_profile("suite", derandomize=True, database=None, max_examples=50)
hypothesis.settings.register_profile("thorough", derandomize=False, max_examples=500)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def pytest_configure(config: pytest.Config) -> None:
    """Compile the translation catalogs Django reads (``.mo``, not committed) when a
    ``.po`` is newer, as scripts/test does; once, in the controlling process."""
    if hasattr(config, "workerinput") or shutil.which("msgfmt") is None:
        return
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make ``xdist_group`` hold under ``--dist loadgroup``: pytest-xdist (3.8) puts the
    group into a test's id by setting ``item._nodeid``, which pytest 9 no longer reads
    (the id is ``item._id``), so every grouped test was scheduled on its own and the
    "one at a time" tests ran on both workers at once. Only on an xdist worker of a
    loadgroup run, as xdist does it; an id that already ends with its group is left."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                        for m in item.iter_markers("xdist_group")})  # fmt: skip
        suffix = f"@{'_'.join(names)}"
        if names and not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)  # type: ignore[attr-defined]


@pytest.fixture(scope="session", autouse=True)
def _same_html_same_pdf() -> Iterator[None]:
    """A PDF rendered once per distinct HTML in a run. The Board pack's PDF is a pure
    function of its HTML (``HTML(string=...)``, no base URL, nothing fetched; WeasyPrint
    writes no date into it: the same HTML gives the same bytes), and many tests reach
    "ready for the Board" through the real path (tests/factories.sign_off_with_pack),
    each rendering the same pack again at about a CPU-second a time. Any other use of
    WeasyPrint (a target, options, a file or URL) renders as before."""
    import hashlib

    import weasyprint

    original = weasyprint.HTML
    rendered: dict[str, bytes] = {}

    class HTML(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            only_string = not args and set(kwargs) == {"string"}
            self._memo_key = (
                hashlib.sha256(kwargs["string"].encode()).hexdigest() if only_string else None
            )
            super().__init__(*args, **kwargs)

        def write_pdf(self, target: Any = None, *args: Any, **kwargs: Any) -> Any:
            key = self._memo_key
            if key is None or target is not None or args or kwargs:
                return super().write_pdf(target, *args, **kwargs)
            if key not in rendered:
                rendered[key] = super().write_pdf()
            return rendered[key]

    weasyprint.HTML = HTML
    try:
        yield
    finally:
        weasyprint.HTML = original


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real shared data folder, read through the one settings value."""
    from django.conf import settings

    return Path(settings.ALLIANCE_DATA_DIR)


@pytest.fixture(scope="session")
def real_data(data_dir: Path) -> Path:
    """Like ``data_dir`` but skips the test when only the fallback fixture is present."""
    if data_dir == FALLBACK_DATA_DIR:
        pytest.skip("needs the shared real data (set ALLIANCE_DATA_DIR)")
    return data_dir


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """``login(user)`` signs ``user`` in on the test client (with TOTP where required)."""
    from tests.factories import sign_in

    return lambda user: sign_in(client, user)


# --- Named users (a shared cast, as in healthchecks' BaseTestCase) --------------------


def _named(email: str, role: str | None, full_name: str):  # type: ignore[no-untyped-def]
    from tests.factories import make_user

    return make_user(email, role, full_name=full_name)  # type: ignore[arg-type]


@pytest.fixture
def alice(db):  # type: ignore[no-untyped-def]
    """An applicant with no organisation yet."""
    return _named("alice@amani.example", None, "Alice Achieng")


@pytest.fixture
def bob(db):  # type: ignore[no-untyped-def]
    """Another applicant, from a different organisation."""
    return _named("bob@other.example", None, "Bob Brown")


@pytest.fixture
def sam(db):  # type: ignore[no-untyped-def]
    """Secretariat staff."""
    return _named("sam@secretariat.example", "secretariat", "Sam Secretariat")


@pytest.fixture
def rita(db):  # type: ignore[no-untyped-def]
    """A due-diligence reviewer."""
    return _named("rita@review.example", "reviewer", "Rita Reviewer")


@pytest.fixture
def carla(db):  # type: ignore[no-untyped-def]
    """The Board chair."""
    return _named("carla@board.example", "board_chair", "Carla Chair")


@pytest.fixture
def ben(db):  # type: ignore[no-untyped-def]
    """A Board member."""
    return _named("ben@board.example", "board_member", "Ben Board")


@pytest.fixture
def gus(db):  # type: ignore[no-untyped-def]
    """A working-group member."""
    return _named("gus@group.example", "group_member", "Gus Group")


@pytest.fixture
def ada(db):  # type: ignore[no-untyped-def]
    """An administrator."""
    return _named("ada@admin.example", "administrator", "Ada Admin")


# --- Sign-in state (issue 14) ----------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    """Each test starts with empty rate-limit counters (they live in the cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _site_language_after_each_test():  # type: ignore[no-untyped-def]
    """A request a test makes activates its reader's language in the thread (the
    locale and user-language middleware) and nothing resets it: without this, a French
    page in one test leaves the next test's error messages in French."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _force_login_is_a_complete_sign_in(monkeypatch):  # type: ignore[no-untyped-def]
    """``client.force_login(user)`` stands for a complete sign-in: a person with a TOTP
    authenticator has used it in that session, as the real sign-in would require. Tests
    of the sign-in itself (password only, admin login, rate limits) use the real forms."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):  # type: ignore[no-untyped-def]
        original(self, user, backend)
        from tests.factories import record_second_factor

        record_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
