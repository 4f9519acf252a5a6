"""All python-telegram-bot glue. Nothing outside this package imports ``telegram``."""

import os

# PTB 22 returns durations (RetryAfter.retry_after, ...) as timedelta when this is set, and
# warns on every access otherwise. We opt in to the future behaviour.
os.environ.setdefault("PTB_TIMEDELTA", "true")
