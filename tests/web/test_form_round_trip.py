"""Every form round-trips: a saved value renders back as itself, and submitting the page
unchanged changes nothing.

Each Form class of the project is enumerated; for each, hypothesis draws saved values
field by field, the form is rendered with them as the pages render it
(``apply/_field.html``), the rendered HTML is submitted the way a browser does (an
input's value, a textarea's text with CRLF line ends, the selected options, checked
boxes), and the cleaned values must equal the saved ones; then once more from the
cleaned values, which must not move. A form added without a case here fails
``test_every_form_class_has_a_round_trip_case``."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import tinyhtml5
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Model, QuerySet
from django.template import engines
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import alliance
from alliance.accounts.models import User
from alliance.accounts.roles import Role
from alliance.core.forms import TEXT, CountryField, country_choices
from alliance.engines.risk import default_undp_policy, policy_to_data
from alliance.funding.selectors import schedule_version_in_force
from alliance.governance.models import Meeting
from alliance.organisations.principles import PRINCIPLES, principle_entries
from tests.factories import admitted_partnership, make_user

FIELD_TEMPLATE = engines["django"].from_string(
    '{% for field in form %}{% include "apply/_field.html" %}{% endfor %}'
)
HTML = "{http://www.w3.org/1999/xhtml}"


def _import_form_modules() -> None:
    for info in pkgutil.walk_packages(alliance.__path__, "alliance."):
        name = info.name
        if name.endswith((".forms", ".views", ".schedule")) or ".views." in name:
            importlib.import_module(name)


def project_form_classes() -> set[type[forms.BaseForm]]:
    _import_form_modules()
    found: set[type[forms.BaseForm]] = set()
    todo: list[type] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("alliance."):
                found.add(sub)
    return found


# --- the browser ------------------------------------------------------------------------


def submit_as_browser(html: str) -> dict[str, Any]:
    """What a browser sends for this HTML form, untouched by the user."""
    tree = tinyhtml5.parse(f"<form>{html}</form>")
    data: dict[str, list[str]] = {}

    def put(name: str, value: str) -> None:
        data.setdefault(name, []).append(value)

    for element in tree.iter():
        tag = element.tag.removeprefix(HTML)
        name = element.get("name")
        if not name:
            continue
        if tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    put(name, element.get("value", "on"))
            elif kind != "file":
                put(name, _sanitised(kind, element.get("value") or ""))
        elif tag == "textarea":
            text = "".join(element.itertext())
            put(name, text.replace("\r\n", "\n").replace("\n", "\r\n"))
        elif tag == "select":
            options = [o for o in element.iter() if o.tag.removeprefix(HTML) == "option"]
            chosen = [o for o in options if o.get("selected") is not None]
            if not chosen and options and element.get("multiple") is None:
                chosen = options[:1]
            for option in chosen:
                put(name, option.get("value", "".join(option.itertext())))
    return {key: values if len(values) > 1 else values[0] for key, values in data.items()}


BROWSER_FORMATS = {
    # HTML's value sanitisation: a value a date, time or number input cannot show is
    # dropped, so "12/04/1979" in a date input comes back empty.
    "date": re.compile(r"\A\d{4}-\d{2}-\d{2}\Z"),
    "datetime-local": re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?\Z"),
    "number": re.compile(r"\A-?\d+(\.\d+)?([eE][-+]?\d+)?\Z"),
}


def _sanitised(kind: str, value: str) -> str:
    value = value.replace("\n", "").replace("\r", "")  # a one-line input loses line breaks
    pattern = BROWSER_FORMATS.get(kind)
    return value if pattern is None or pattern.match(value) else ""


class _QueryDict(dict):  # the multi-value interface forms read from request.POST
    def getlist(self, key: str) -> list[str]:
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


def round_trip(make: Callable[..., forms.BaseForm], saved: dict[str, Any]) -> forms.BaseForm:
    form = make(initial=saved)
    rendered = FIELD_TEMPLATE.render({"form": form})
    # A file is chosen again on every visit (browsers never prefill one).
    files = {
        name: SimpleUploadedFile(f"{name}.csv", b"name\n")
        for name, field in form.fields.items()
        if isinstance(field, forms.FileField) and field.required
    }
    bound = make(data=_QueryDict(submit_as_browser(rendered)), files=files)
    bound.is_valid()
    return bound


# --- saved values, drawn field by field -------------------------------------------------

SAFE_TEXT = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x00"
)


def _text(field: forms.CharField, multiline: bool) -> st.SearchStrategy[str]:
    limit = min(field.max_length or TEXT, 60)
    alphabet = st.one_of(SAFE_TEXT, st.just("\n")) if multiline else SAFE_TEXT
    minimum = 1 if field.required else 0
    return (
        st.text(alphabet, min_size=minimum, max_size=limit)
        .map(lambda t: "\n".join(line.strip() for line in t.split("\n")).strip())
        .filter(lambda t: len(t) >= minimum)
    )


def _decimal(field: forms.DecimalField) -> st.SearchStrategy[Decimal]:
    places = field.decimal_places or 2
    low = field.min_value if field.min_value is not None else Decimal(0)
    high = field.max_value if field.max_value is not None else Decimal("1000000")
    return st.decimals(min_value=low, max_value=high, places=places, allow_nan=False)


def strategy_for(field: forms.Field) -> st.SearchStrategy[Any]:
    def optional(s: st.SearchStrategy[Any], empty: Any) -> st.SearchStrategy[Any]:
        return s if field.required else st.one_of(st.just(empty), s)

    if isinstance(field, forms.ModelMultipleChoiceField):
        objects = list(field.queryset)
        return st.lists(st.sampled_from(objects), unique=True) if objects else st.just([])
    if isinstance(field, forms.ModelChoiceField):
        objects = list(field.queryset)
        if not objects:
            return st.none()
        return optional(st.sampled_from(objects), None)
    if isinstance(field, forms.BooleanField):
        return st.just(True) if field.required else st.booleans()
    if isinstance(field, forms.MultipleChoiceField):
        values = [value for value, _ in field.choices]
        return st.lists(st.sampled_from(values), unique=True) if values else st.just([])
    if isinstance(field, forms.TypedChoiceField):
        values = [field.coerce(v) for v, _ in field.choices if v != ""]  # type: ignore[attr-defined]
        return optional(st.sampled_from(values), "")
    if isinstance(field, forms.ChoiceField):
        values = [value for value, _ in field.choices if value != ""]
        return optional(st.sampled_from(values), "")
    if isinstance(field, forms.DateTimeField):
        moments = st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)).map(
            lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC)
        )
        return optional(moments, None)
    if isinstance(field, forms.DateField):
        return optional(st.dates(date(1900, 1, 1), date(2100, 12, 31)), None)
    if isinstance(field, forms.DecimalField):
        return optional(_decimal(field), None)
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else -1000
        high = field.max_value if field.max_value is not None else 1000
        return optional(st.integers(int(low), int(high)), None)
    if isinstance(field, forms.EmailField):
        return optional(st.from_regex(r"\A[a-z]{1,10}@[a-z]{1,10}\.org\Z"), "")
    if isinstance(field, forms.URLField):
        return optional(st.from_regex(r"\Ahttps://[a-z]{1,10}\.org/[a-z0-9]{0,10}\Z"), "")
    if isinstance(field, forms.SlugField):
        return optional(st.from_regex(r"\A[a-z0-9-]{1,30}\Z"), "")
    if isinstance(field, forms.FileField):
        return st.none()  # a file is never rendered back; it is not part of the round trip
    if isinstance(field, forms.CharField):
        return _text(field, isinstance(field.widget, forms.Textarea))
    raise AssertionError(f"No strategy for {type(field).__name__}")


# --- the cases: how each form is built, and saved values no generic draw can give --------

JSON_OBJECT = '{\n  "quorum_minimum": 4\n}'


def _policy() -> str:
    return json.dumps(policy_to_data(default_undp_policy()), indent=2)


def _schedule() -> str:
    return json.dumps(schedule_version_in_force(date.today()).schedule, indent=2)


def _credential() -> str:
    return (
        '{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]}'
    )


def _minutes_form(cls: type[forms.BaseForm]) -> Callable[..., forms.BaseForm]:
    def make(**kwargs: Any) -> forms.BaseForm:
        form = cls(**kwargs)
        form.fields["attendees"].queryset = User.objects.order_by("pk")  # type: ignore[attr-defined]
        return form

    return make


# name -> (extra constructor kwargs, fixed saved values)
FIXED: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "alliance.organisations.forms.AttestationForm": ({"principles": PRINCIPLES}, {}),
    "alliance.web.views.translations.TranslationForm": (
        {"entries": principle_entries(PRINCIPLES), "current": {}},
        {},
    ),
    "alliance.organisations.forms.StanceForm": (
        {},
        {"has_no_commercial_interest": False, "commercial_products": "An open wallet."},
    ),
    "alliance.organisations.forms.MotivationForm": (
        {},
        {"aml_cft_certified": True, "brings_expertise": "Registration.", "contribution_note": "A"},
    ),
    "alliance.diligence.forms.SectorsForm": (
        {"sectors": [("arms", "Arms"), ("extractives", "Extractives")]},
        {},
    ),
    "alliance.diligence.forms.PolicyForm": ({}, {"policy_data": "POLICY"}),
    "alliance.diligence.forms.PolicyVersionForm": ({}, {"policy_data": "POLICY"}),
    # Title and text are optional only for kinds worded from the case (MotionForm.clean).
    "alliance.governance.forms.MotionForm": (
        {},
        {"proposed_rules": JSON_OBJECT, "title": "Suspend a partner", "text": "Its notice."},
    ),
    "alliance.governance.schedule.ScheduleProposalForm": (
        {},
        {"schedule": "SCHEDULE", "effective_from": date(2099, 1, 1)},
    ),
    "alliance.funding.forms.BudgetForm": ({}, {"lines": "Staff: 1200.00\nTravel: 300.50"}),
    "alliance.credentials.forms.VerifyForm": ({}, {"document": "CREDENTIAL", "upload": None}),
    "alliance.web.views.roles.GrantForm": ({}, {"email": "EMAIL"}),
    # A birth date is never in the future (PersonForm.clean_birth_date).
    "alliance.organisations.forms.PersonForm": ({}, {"birth_date": date(1979, 4, 12)}),
}
# Fields a form's own clean method turns into something else (kept as saved text).
TRANSFORMED = {
    "policy_data",
    "proposed_rules",
    "schedule",
    "lines",
    "email@GrantForm",
    "document",
}


def case_for(cls: type[forms.BaseForm]) -> tuple[Callable[..., forms.BaseForm], dict[str, Any]]:
    key = f"{cls.__module__}.{cls.__qualname__}"
    kwargs, fixed = FIXED.get(key, ({}, {}))
    if cls.__name__ == "MinutesForm":
        return _minutes_form(cls), fixed

    def make(**more: Any) -> forms.BaseForm:
        return cls(**kwargs, **more)

    return make, fixed


def _resolve(value: Any, user_email: str) -> Any:
    return (
        {
            "POLICY": _policy,
            "SCHEDULE": _schedule,
            "CREDENTIAL": _credential,
            "EMAIL": lambda: user_email,
        }.get(value, lambda: value)()
        if isinstance(value, str)
        else value
    )


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, QuerySet) or isinstance(b, QuerySet) or isinstance(a, list | tuple):
        return sorted(_key(x) for x in a) == sorted(_key(x) for x in b)
    return _key(a) == _key(b)


def _key(value: Any) -> Any:
    return ("model", value.pk) if isinstance(value, Model) else str(value)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """A partner (for pledges and in-kind gifts), a meeting, users to pick: made once for
    the module (the real path to a partnership costs seconds, and every form's test
    asked for it), in a transaction rolled back when the module ends. Each test runs in
    its own savepoint inside it, rolled back as before; the forms are rendered and
    submitted, never saved, so every test starts from the same rows."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            alice = make_user("alice@amani.example", None, full_name="Alice Achieng")
            sam = make_user(
                "sam@secretariat.example", Role.SECRETARIAT, full_name="Sam Secretariat"
            )
            make_user("carla@board.example", Role.BOARD_CHAIR, full_name="Carla Chair")
            admitted_partnership(alice, sam)
            Meeting.objects.create(title="Board", starts_at=datetime(2026, 3, 1, 10, tzinfo=UTC))
            make_user("dora@example.org", full_name="Dora Doe")
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield sam
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


ALL_FORMS = sorted(project_form_classes(), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def test_every_form_class_has_a_round_trip_case() -> None:
    names = {f"{c.__module__}.{c.__qualname__}" for c in ALL_FORMS}
    assert len(names) >= 45, names  # every form the project has, found
    missing = {name for name in FIXED if name not in names}
    assert not missing, f"cases for forms that no longer exist: {missing}"


def test_every_free_text_field_has_a_length_limit() -> None:
    unlimited = []
    for cls in ALL_FORMS:
        make, _ = case_for(cls)
        for name, field in make().fields.items():
            plain_text = type(field) in (forms.CharField,) or field.__class__.__name__ in (
                "PlainTextField",
            )
            if plain_text and not getattr(field, "max_length", None):
                unlimited.append(f"{cls.__qualname__}.{name}")
    assert unlimited == []


@pytest.mark.django_db
@pytest.mark.parametrize("cls", ALL_FORMS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_form_round_trips(world, cls, data) -> None:  # type: ignore[no-untyped-def]
    make, fixed = case_for(cls)
    blank = make()
    saved: dict[str, Any] = {}
    for name, field in blank.fields.items():
        if name in fixed:
            saved[name] = _resolve(fixed[name], world.email)
        else:
            saved[name] = data.draw(strategy_for(field), label=name)
    first = round_trip(make, saved)
    # A draw the form's own rules refuse as a whole (e.g. "tick or describe") is no case.
    assume(not first.non_field_errors())
    assert not first.errors, first.errors.as_data()
    for name, field in first.fields.items():
        if isinstance(field, forms.FileField) or name in TRANSFORMED:
            continue
        if f"{name}@{cls.__name__}" in TRANSFORMED:
            continue
        assert _same(first.cleaned_data[name], saved[name]), (name, saved[name])
    again_saved = {
        name: (saved[name] if name in TRANSFORMED or f"{name}@{cls.__name__}" in TRANSFORMED
               else first.cleaned_data[name])
        for name in first.fields
    }  # fmt: skip
    second = round_trip(make, again_saved)
    assert not second.errors, second.errors.as_data()
    for name in first.fields:
        assert _same(second.cleaned_data[name], first.cleaned_data[name]), name


def test_country_choices_name_every_country_and_malawi_is_not_morocco() -> None:
    names = dict(country_choices())
    assert names["MW"] == "Malawi" and names["MA"] == "Morocco"
    field = CountryField()
    assert field.clean("MW") == "MW"
    with pytest.raises(forms.ValidationError):
        field.clean("Malawian")


def test_the_browser_helper_submits_what_a_browser_would() -> None:
    html = (
        '<input type="text" name="a" value="x"><textarea name="b">\nl1\nl2</textarea>'
        '<select name="c"><option value="1">1</option><option value="2" selected>2</option>'
        '</select><input type="checkbox" name="d"><input type="checkbox" name="e" checked>'
    )
    assert submit_as_browser(html) == {"a": "x", "b": "l1\r\nl2", "c": "2", "e": "on"}
    dates = (
        '<input type="date" name="a" value="12/04/1979">'
        '<input type="date" name="b" value="1979-04-12">'
    )
    assert submit_as_browser(dates) == {"a": "", "b": "1979-04-12"}
