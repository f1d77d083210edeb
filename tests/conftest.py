"""Shared test fixtures. Named users and factories live in tests/factories.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance.datadir import FALLBACK_DATA_DIR


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


# --- Named users (a shared cast, as in healthchecks' BaseTestCase) --------------------


@pytest.fixture
def alice(db):  # type: ignore[no-untyped-def]
    """An applicant with no organisation yet."""
    from tests.factories import make_user

    return make_user("alice@amani.example", full_name="Alice Achieng")


@pytest.fixture
def bob(db):  # type: ignore[no-untyped-def]
    """Another applicant, from a different organisation."""
    from tests.factories import make_user

    return make_user("bob@other.example", full_name="Bob Brown")


@pytest.fixture
def sam(db):  # type: ignore[no-untyped-def]
    """Secretariat staff."""
    from alliance.accounts.roles import Role
    from tests.factories import make_user

    return make_user("sam@secretariat.example", Role.SECRETARIAT, full_name="Sam Secretariat")


@pytest.fixture
def rita(db):  # type: ignore[no-untyped-def]
    """A due-diligence reviewer."""
    from alliance.accounts.roles import Role
    from tests.factories import make_user

    return make_user("rita@review.example", Role.REVIEWER, full_name="Rita Reviewer")


@pytest.fixture
def carla(db):  # type: ignore[no-untyped-def]
    """The Board chair."""
    from alliance.accounts.roles import Role
    from tests.factories import make_user

    return make_user("carla@board.example", Role.BOARD_CHAIR, full_name="Carla Chair")


@pytest.fixture
def ben(db):  # type: ignore[no-untyped-def]
    """A Board member."""
    from alliance.accounts.roles import Role
    from tests.factories import make_user

    return make_user("ben@board.example", Role.BOARD_MEMBER, full_name="Ben Board")


@pytest.fixture
def gus(db):  # type: ignore[no-untyped-def]
    """A working-group member."""
    from alliance.accounts.roles import Role
    from tests.factories import make_user

    return make_user("gus@group.example", Role.GROUP_MEMBER, full_name="Gus Group")


@pytest.fixture
def ada(db):  # type: ignore[no-untyped-def]
    """An administrator."""
    from alliance.accounts.roles import Role
    from tests.factories import make_user

    return make_user("ada@admin.example", Role.ADMINISTRATOR, full_name="Ada Admin")
