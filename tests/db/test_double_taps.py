"""Double taps that start things: seven "Log a twitch" at once (on PostgreSQL they really
run at the same time) leave one triage in progress and raise nothing."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.db import tables as t
from bot.domain import thresholds as th
from bot.services import Services

USER = 9


async def test_seven_triage_starts_at_once_leave_one(services: Services) -> None:
    async with services.uow() as uow:
        await uow.users.consent(USER, services.clock.now())
    for _ in range(3):
        views = await asyncio.gather(*(services.triage.begin(USER) for _ in range(7)))
        assert all(v is not None for v in views)
    async with services.uow() as uow:
        count = await uow.session.scalar(select(func.count()).select_from(t.TriageSession))
        stored = await uow.triages.get(USER)
    assert count == 1
    assert stored is not None
    assert stored.version == max(v.version for v in views if v is not None)


async def test_seven_cancels_at_once_cancel_once(services: Services) -> None:
    async with services.uow() as uow:
        await uow.users.consent(USER, services.clock.now())
    await services.triage.begin(USER)
    cancelled = await asyncio.gather(*(services.triage.cancel(USER) for _ in range(7)))
    assert sum(c is not None for c in cancelled) == 1
    assert await services.triage.peek(USER) is None


async def test_seven_consents_at_once_create_one_user(services: Services) -> None:
    """Drill finding (fuzz on PostgreSQL): a double tap on "I agree" ran two INSERTs of the new
    user at once; the second failed on the primary key and the user got "something went
    wrong". Every tap now succeeds and one user is stored."""
    profiles = await asyncio.gather(*(services.users.consent(USER) for _ in range(7)))
    assert [p.id for p in profiles] == [USER] * 7
    assert all(p.consent_at is not None for p in profiles)
    async with services.uow() as uow:
        count = await uow.session.scalar(select(func.count()).select_from(t.User))
    assert count == 1


async def test_three_quick_more_water_taps_make_three_steps(services: Services) -> None:
    """ "💧 More" read the count in one transaction and wrote it in another: two quick taps
    could both write 5. One transaction per tap: three taps, three more; never past the maximum."""
    await services.users.consent(USER)
    views = await asyncio.gather(*(services.reminders.step_hydration(USER, 1) for _ in range(3)))
    assert all(v is not None for v in views)
    profile = await services.users.get(USER)
    assert profile is not None
    assert profile.hydration_per_day == th.HYDRATION_PER_DAY_DEFAULT + 3
    for _ in range(5):
        await services.reminders.step_hydration(USER, 1)
    assert (await services.users.get(USER)).hydration_per_day == th.HYDRATION_PER_DAY_MAX  # type: ignore[union-attr]
