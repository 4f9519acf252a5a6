"""Reliability drills: the real bot as a subprocess against the Bot API stand-in (127.0.0.1)."""
