"""Entry points other apps call (screening calls ``open_reassessments_for`` after a list
update; governance attaches ``board_pack_for_application`` to the admission motion)."""

from alliance.diligence.actions import open_reassessments_for
from alliance.diligence.selectors import board_pack_for_application

__all__ = ["board_pack_for_application", "open_reassessments_for"]
