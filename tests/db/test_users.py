"""User data lifecycle: consent creates the row, blocked users, retention."""

from __future__ import annotations

from datetime import timedelta

from bot.services import Services
from tests.conftest import FakeClock


async def test_consent_creates_and_erase_removes(services: Services) -> None:
    assert await services.users.get(1) is None
    profile = await services.users.consent(1)
    assert profile.onboarded
    await services.users.erase(1)
    assert await services.users.get(1) is None


async def test_blocked_user_comes_back_with_reminders_off(services: Services) -> None:
    await services.users.consent(2)
    await services.reminders.enable(2, fluid_limited=False)
    assert await services.users.blocked(2)
    assert not await services.users.blocked(2)  # only once
    profile = await services.users.seen(2)
    assert profile is not None
    assert not profile.blocked
    assert not profile.hydration_on
    assert not profile.stretch_on


async def test_data_is_erased_after_12_months_without_activity(
    services: Services, clock: FakeClock
) -> None:
    await services.users.consent(3)
    clock.advance(timedelta(days=200))
    await services.users.consent(4)
    clock.advance(timedelta(days=165))  # user 3: 365 days idle; user 4: 165
    assert await services.users.purge_inactive() == 0
    clock.advance(timedelta(seconds=1))
    assert await services.users.purge_inactive() == 1
    assert await services.users.get(3) is None
    assert await services.users.get(4) is not None
