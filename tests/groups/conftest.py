from tests.groups.test_groups import group, people  # noqa: F401 - shared fixtures
