"""Domain signals other apps hook into (credentials follows partnership status).

Receivers run inside the sending action's transaction: anything they write
commits or rolls back with it; background work they start uses on_commit.
Submission and changes of people are explicit steps of governance.flows instead.
"""

from django.dispatch import Signal

partnership_status_changed = Signal()  # partnership, before, actor
