"""A typed CallbackContext: handlers reach the use cases through ``context.services``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

if TYPE_CHECKING:
    from bot.db.leader import Leadership
    from bot.scheduling.sweep import Sweeper
    from bot.services import Services
    from bot.tg.intake import Intake


class BotData:
    """Application-wide state: only the services container (nothing per user lives here)."""

    services: Services
    sweeper: Sweeper
    leader: Leadership
    intake: Intake


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        return self.bot_data.services
