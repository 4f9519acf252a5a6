"""Onboarding and profile use cases: consent, country, timezone, blocked users, erasure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import policy
from bot.domain.countries import COUNTRIES
from bot.domain.language import supported
from bot.domain.model import UserProfile
from bot.services.ports import Clock
from bot.services.uow import UowFactory

AWAITING_TIMEZONE = "timezone"
RETENTION = policy.RETENTION  # data is deleted after 12 months without activity


@dataclass(frozen=True, slots=True)
class UserService:
    uow: UowFactory
    clock: Clock

    async def get(self, user_id: int) -> UserProfile | None:
        async with self.uow() as uow:
            return await uow.users.get(user_id)

    async def seen(self, user_id: int) -> UserProfile | None:
        """Record activity for a known user; None for someone who never consented."""
        async with self.uow() as uow:
            return await uow.users.touch(user_id, self.clock.now())

    async def consent(self, user_id: int, language: str | None = None) -> UserProfile:
        """Consent, storing the language the onboarding was shown in (one we speak)."""
        async with self.uow() as uow:
            return await uow.users.consent(user_id, self.clock.now(), supported(language))

    async def language(self, user_id: int) -> str | None:
        """The user's stored language; None for someone unknown or who never had one."""
        async with self.uow() as uow:
            return await uow.users.language(user_id)

    async def set_language(self, user_id: int, code: str) -> UserProfile | None:
        """/language: store the choice (ValueError for a language we don't speak)."""
        if supported(code) is None:
            raise ValueError(f"unsupported language {code!r}")
        async with self.uow() as uow:
            return await uow.users.update(user_id, language=code)

    async def set_country(self, user_id: int, code: str) -> UserProfile | None:
        if code not in COUNTRIES:
            raise ValueError(f"unknown country code {code!r}")
        async with self.uow() as uow:
            return await uow.users.update(user_id, country=code)

    async def await_timezone(self, user_id: int) -> UserProfile | None:
        async with self.uow() as uow:
            return await uow.users.update(user_id, awaiting=AWAITING_TIMEZONE)

    async def set_fluid_limit(self, user_id: int, limited: bool) -> UserProfile | None:
        """TRIAGE.md decision 9: with a limit, water nudges carry no volumes."""
        async with self.uow() as uow:
            return await uow.users.update(user_id, fluid_limited=limited)

    async def stop_awaiting(self, user_id: int, *, only_if_waiting: bool = False) -> None:
        async with self.uow() as uow:
            if only_if_waiting:  # one conditional UPDATE: cheap on every command
                await uow.users.clear_awaiting(user_id)
            else:
                await uow.users.update(user_id, awaiting=None)

    async def blocked(self, user_id: int) -> bool:
        """The user blocked the bot: nothing more is sent (check-ins resume if they come back).
        True if that changed anything."""
        async with self.uow() as uow:
            changed = await uow.users.mark_blocked(user_id, self.clock.now())
            await uow.reminders.cancel_for_user(user_id)
            return changed

    async def erase(self, user_id: int) -> None:
        async with self.uow() as uow:
            await uow.users.erase(user_id)

    async def purge_inactive(self, batch: int = 100) -> int:
        """Erase users with no activity for RETENTION (what /privacy promises)."""
        cutoff = self.clock.now() - RETENTION
        async with self.uow() as uow:
            ids = await uow.users.inactive_since(cutoff, batch)
            for user_id in ids:
                await uow.users.erase(user_id)
        return len(ids)
