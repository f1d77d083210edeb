"""Domain signals other apps hook into (screening, diligence, credentials).

Receivers run inside the sending action's transaction: anything they write
commits or rolls back with it; background work they start uses on_commit.
"""

from django.dispatch import Signal

application_submitted = Signal()  # application, actor
people_changed = Signal()  # organisation, actor: officers/owners replaced after submission
