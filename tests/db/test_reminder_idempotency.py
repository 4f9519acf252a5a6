"""Reminder settings and answers are idempotent, on SQLite and PostgreSQL: off/on keeps
today's remaining slots, double taps and replays leave exactly the planned rows, and each
answer to a nudge is one adherence event."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.db import tables as t
from bot.services import Services
from bot.services.reminders import Response
from tests.conftest import FakeClock

USER = 7
ACTIONS = {
    Response.DONE: "done",
    Response.SNOOZE_30: "snoozed",
    Response.SNOOZE_60: "snoozed",
    Response.PAUSE: "paused",
}


async def _user(services: Services) -> None:
    async with services.uow() as uow:
        await uow.users.consent(USER, services.clock.now())
        await uow.users.update(USER, timezone="Europe/London", country="GB")


async def _pending(services: Services) -> dict[str, list[t.Reminder]]:
    async with services.uow() as uow:
        rows = (
            await uow.session.scalars(
                select(t.Reminder)
                .where(t.Reminder.user_id == USER, t.Reminder.status == "pending")
                .order_by(t.Reminder.due_at)
            )
        ).all()
    found: dict[str, list[t.Reminder]] = {"hydration": [], "stretch": []}
    for row in rows:
        found.setdefault(row.kind, []).append(row)
    return found


async def _events(services: Services) -> list[tuple[int | None, str]]:
    async with services.uow() as uow:
        rows = await uow.session.execute(
            select(t.ReminderEvent.reminder_id, t.ReminderEvent.action).where(
                t.ReminderEvent.user_id == USER
            )
        )
        return [(r, a) for r, a in rows]


async def test_off_then_on_keeps_todays_slots(services: Services) -> None:
    await _user(services)
    await services.reminders.enable(USER, fluid_limited=False)
    first = await _pending(services)
    due = (first["hydration"][0].due_at, first["stretch"][0].due_at)
    assert due[0].date() == services.clock.now().date()  # a water nudge later today
    for _ in range(3):
        await services.reminders.disable(USER)
        assert await _pending(services) == {"hydration": [], "stretch": []}
        await services.reminders.enable(USER, fluid_limited=False)
        again = await _pending(services)
        assert (again["hydration"][0].due_at, again["stretch"][0].due_at) == due
        assert (len(again["hydration"]), len(again["stretch"])) == (1, 1)


async def test_double_taps_and_replays_leave_one_row_of_each(
    services: Services, clock: FakeClock
) -> None:
    await _user(services)
    reminders = services.reminders
    await reminders.enable(USER, fluid_limited=False)
    await reminders.enable(USER, fluid_limited=False)  # a replay
    await asyncio.gather(*(reminders.enable(USER, fluid_limited=True) for _ in range(5)))
    await asyncio.gather(reminders.disable(USER), reminders.disable(USER))
    await reminders.enable(USER, fluid_limited=False)
    clock.advance(timedelta(minutes=5))
    await asyncio.gather(
        reminders.enable(USER, fluid_limited=False),
        reminders.disable(USER),
        reminders.enable(USER, fluid_limited=False),
    )
    await asyncio.gather(*(reminders.enable(USER, fluid_limited=False) for _ in range(3)))
    found = await _pending(services)
    assert (len(found["hydration"]), len(found["stretch"])) == (1, 1)


@pytest.mark.parametrize(
    "presses",
    [
        [Response.SNOOZE_30] * 7,
        [Response.DONE] * 7,
        [Response.PAUSE] * 7,
        [Response.SNOOZE_30, Response.SNOOZE_60, Response.DONE, Response.SNOOZE_60] * 2,
    ],
    ids=["snooze", "done", "pause", "mixed"],
)
async def test_concurrent_presses_on_a_nudge_record_one_event(
    services: Services, presses: list[Response]
) -> None:
    await _user(services)
    await services.reminders.enable(USER, fluid_limited=False)
    nudge = (await _pending(services))["hydration"][0].id
    async with services.uow() as uow:  # it went out
        row = await uow.session.get(t.Reminder, nudge)
        assert row is not None
        row.status, row.sent_at = "sent", services.clock.now()
    kinds = await asyncio.gather(
        *(services.reminders.respond(USER, nudge, press) for press in presses)
    )
    await services.reminders.respond(USER, nudge, presses[0])  # a replay later
    events = await _events(services)
    assert len(events) == 1, events
    # The same answer again is answered as before; a different one after the first is stale.
    same = [ACTIONS[p] == events[0][1] for p in presses]
    assert [k is not None for k in kinds] == same, kinds
    async with services.uow() as uow:
        snoozed = (
            await uow.session.scalars(
                select(t.Reminder.id).where(t.Reminder.dedup_key.like(f"snz:{nudge}:%"))
            )
        ).all()
    assert len(snoozed) <= 1


async def test_any_sequence_of_settings_leaves_the_planned_rows(
    services: Services, clock: FakeClock
) -> None:
    """Random on/off/change/pause/resume, some of them concurrent: after each step, one
    pending water and one pending stretch row while reminders are on, none while off."""
    await _user(services)
    reminders = services.reminders
    ops = [
        lambda: reminders.enable(USER, fluid_limited=False),
        lambda: reminders.enable(USER, fluid_limited=True),
        lambda: reminders.disable(USER),
        lambda: reminders.change(USER, hydration_per_day=6),
        lambda: reminders.change(USER, stretch_times="08:00,18:00"),
        lambda: reminders.pause_today(USER),
        lambda: reminders.resume(USER),
        lambda: reminders.replan(USER),
    ]
    rng = random.Random(7)  # noqa: S311 - a reproducible sequence, not cryptography
    for _ in range(25):
        await asyncio.gather(*(rng.choice(ops)() for _ in range(rng.randint(1, 3))))
        clock.advance(timedelta(minutes=rng.randint(0, 90)))
        profile = await services.users.get(USER)
        assert profile is not None
        found = await _pending(services)
        on = 1 if profile.hydration_on else 0
        assert (len(found["hydration"]), len(found["stretch"])) == (on, on)


async def test_a_new_timezone_moves_the_planned_nudges_in_the_same_step(
    services: Services,
) -> None:
    """Issue 9: the zone and the re-plan are one service call (the onboarding's zone buttons,
    also reached from /settings, stored the zone and left the nudges in the old zone's hours)."""
    from zoneinfo import ZoneInfo

    await _user(services)
    await services.reminders.enable(USER, fluid_limited=False)
    profile = await services.reminders.set_timezone(USER, "Asia/Tokyo")
    assert profile is not None
    assert profile.timezone == "Asia/Tokyo"
    pending = await _pending(services)
    assert pending["hydration"]
    assert pending["stretch"]
    tokyo = ZoneInfo("Asia/Tokyo")
    for row in pending["hydration"] + pending["stretch"]:
        local = row.due_at.astimezone(tokyo)
        assert profile.wake_start <= local.hour * 60 + local.minute < profile.wake_end, row.kind
    assert await services.reminders.set_timezone(USER, "Nowhere/Atlantis") is None
