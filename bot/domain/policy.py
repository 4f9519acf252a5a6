"""Every non-clinical policy number in one place: how long things are kept, leases, retries.

The clinical numbers are in ``thresholds.py`` (a clinician reviews that file); these are the
engineering and privacy choices around them. Standard library only: every layer imports it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

# --- Privacy (/privacy says "12 months") --------------------------------------------------------
RETENTION: Final = timedelta(days=365)  # data is erased after 12 months without activity

# --- The reminder sweep -------------------------------------------------------------------------
SWEEP_LEASE: Final = timedelta(minutes=2)  # a claimed reminder is another's after this
SWEEP_BACKOFF_BASE: Final = timedelta(seconds=30)  # first retry after a failed send
SWEEP_BACKOFF_CAP: Final = timedelta(minutes=30)  # retries never wait longer than this

# --- The update inbox ---------------------------------------------------------------------------
INBOX_LEASE: Final = timedelta(seconds=30)  # a claim holds this long (renewed every third)
INBOX_TOMBSTONE_TTL: Final = timedelta(hours=24)  # about as long as Telegram keeps an update
INBOX_DONE_WITHIN: Final = timedelta(milliseconds=200)  # a handled update is marked done by then
INBOX_RECOVER_AFTER: Final = timedelta(seconds=15)  # a pending row this old is anyone's

# --- Time zones (a fact of the world: UTC-12 ... UTC+14) ----------------------------------------
MAX_UTC_OFFSET: Final = timedelta(hours=14)
