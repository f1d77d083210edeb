"""On a 375 px phone in Arabic: a Latin name in a table keeps its full stop at its end
(the intake queue showed "Orbis Identity Labs Inc." as ".Labs Inc"), and the chair's
ruling form in a motion's conflicts table keeps a readable width (its labels broke a
word a line). Found on a walk through the demo in Arabic, 2026-12-04."""

from __future__ import annotations

from alliance.governance.models import Conflict, ConflictStatus
from alliance.organisations.models import Application
from tests.browser.conftest import screenshot
from tests.browser.test_rtl import _phone

SECRETARIAT = "secretariat@demo.alliance.example"
CHAIR = "chair@demo.alliance.example"

# The boxes of a link's first letter, of its last letter and of the full stop after it.
ENDS_SCRIPT = """
(link) => {
  const text = link.firstChild;
  const box = (i) => {
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const r = range.getClientRects()[0];
    return {left: r.left, right: r.right, top: r.top};
  };
  const n = text.length;
  return {letter: box(n - 2), stop: box(n - 1)};
}
"""


def test_a_latin_name_keeps_its_full_stop_at_its_end_in_arabic(demo_server, browser):  # type: ignore[no-untyped-def]
    application = (
        Application.objects.filter(
            organisation__legal_name__endswith=".", status__in=["submitted", "in_due_diligence"]
        )
        .select_related("organisation")
        .first()
    )
    assert application is not None, "the demo's intake queue has a name ending in a full stop"
    name = application.organisation.legal_name
    context = _phone(browser, demo_server, "ar", SECRETARIAT)
    try:
        page = context.new_page()
        page.goto("/secretariat/intake/?status=")
        link = page.locator("table th[scope=row] a", has_text=name).first
        ends = link.evaluate(ENDS_SCRIPT)
        screenshot(page, "rtl-ar-intake-names")
        # Left to right inside the name: the full stop just right of the last letter, on
        # its line (not thrown to the line's left end, before the name's first word).
        assert abs(ends["stop"]["top"] - ends["letter"]["top"]) < 2, ends
        assert ends["stop"]["left"] >= ends["letter"]["right"] - 1, ends
    finally:
        context.close()


def test_the_chairs_ruling_form_keeps_a_readable_width_on_a_phone(demo_server, browser):  # type: ignore[no-untyped-def]
    conflict = Conflict.objects.filter(
        status__in=[ConflictStatus.FLAGGED, ConflictStatus.EXPLAINED],
        ruling_accepted=None,
        motion__status="open",
    ).first()
    assert conflict is not None, "the demo's open motion has a conflict to rule on"
    context = _phone(browser, demo_server, "ar", CHAIR)
    try:
        page = context.new_page()
        page.goto(f"/board/motions/{conflict.motion_id}/")
        form = page.locator(f"form[action$='/board/conflicts/{conflict.pk}/rule/']")
        assert form.count() == 1, "the chair rules on the conflict"
        form.scroll_into_view_if_needed()
        screenshot(page, "rtl-ar-motion-ruling")
        width = form.evaluate("f => f.closest('td').getBoundingClientRect().width")
        assert width >= 240, width
    finally:
        context.close()


def test_a_board_notice_keeps_the_partners_name_and_reasons_in_their_own_direction(  # type: ignore[no-untyped-def]
    demo_server, browser
):
    """The partner's notice page and its banner in Arabic showed "Vantablue Analytics
    Corp." as ".Vantablue Analytics Corp" and the English reasons with their full stop at
    the line's left end (walk 4, 2026-12-08)."""
    from django.utils.text import slugify

    from alliance.governance.models import DueProcessNotice

    notice = DueProcessNotice.objects.select_related("partnership__organisation").first()
    assert notice is not None, "the demo has a due-process notice"
    organisation = notice.partnership.organisation
    contact = f"contact.{slugify(organisation.legal_name)}@demo.alliance.example"
    context = _phone(browser, demo_server, "ar", contact)
    try:
        page = context.new_page()
        page.goto(f"/board/notices/{notice.pk}/")
        screenshot(page, "rtl-ar-notice")
        for scope in ("main h1", ".partner-notice-banner h2"):
            name = page.locator(f"{scope} span[dir=auto]", has_text=organisation.legal_name)
            assert name.count() == 1, scope
            ends = name.first.evaluate(ENDS_SCRIPT)
            assert abs(ends["stop"]["top"] - ends["letter"]["top"]) < 2, (scope, ends)
            assert ends["stop"]["left"] >= ends["letter"]["right"] - 1, (scope, ends)
        reasons = page.locator(".partner-notice-banner span[dir=auto]", has_text=notice.reasons)
        assert reasons.count() == 1
        assert reasons.first.evaluate("e => getComputedStyle(e).direction") == "ltr"
    finally:
        context.close()
