"""Tools for people working on the bot, not used in production: the Bot API stand-in and
``make chat`` (a console conversation with the real Application and a time-warp clock)."""
