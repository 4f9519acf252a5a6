"""The Bot API stand-in now lives in the package (``make chat`` runs on it too); the tests keep
importing it from here."""

from bot.devtools.standin import (
    DEFAULT_TOKEN,
    AnsweredCallback,
    ApiCall,
    ApiError,
    BotApiStandin,
    BotMessage,
    LocalServer,
    StoredFile,
    TgUser,
    UploadedFile,
    WebhookDelivery,
)
from bot.devtools.standin import WAIT_LIMIT as WAIT_LIMIT

__all__ = [
    "DEFAULT_TOKEN",
    "AnsweredCallback",
    "ApiCall",
    "ApiError",
    "BotApiStandin",
    "BotMessage",
    "LocalServer",
    "StoredFile",
    "TgUser",
    "UploadedFile",
    "WebhookDelivery",
]
