"""All python-telegram-bot glue. Nothing outside this package imports ``telegram``."""
