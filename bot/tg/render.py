"""Domain results -> HTML message text. Every user-supplied or variable text is escaped here."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import l10n
from bot.domain import redflags as rf
from bot.domain import triage as tr
from bot.domain import wording
from bot.domain.countries import country, emergency_number
from bot.domain.language import N_, _
from bot.domain.model import Urgency, UserProfile
from bot.domain.timezones import zone
from bot.tg.markup import escape

# TRIAGE.md decision 9: with a fluid limit from a doctor, no volumes.
FLUID_LIMITED = N_("Drink as your doctor advised.")


def w(text_id: str, profile: UserProfile | None = None, **values: object) -> str:
    """Approved wording, numbers for the user's country filled in, escaped for HTML."""
    found = country(profile.country if profile else None)
    fill: dict[str, object] = {
        "number": emergency_number(profile.country if profile else None),
        "non_urgent": found.non_urgent if found and found.non_urgent else "",
        "red_flags": wording.text("red_flags.one_line"),
    }
    fill.update(values)
    return escape(wording.text(text_id, **fill))


def bullets(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def _uk(profile: UserProfile | None) -> bool:
    return profile is not None and profile.country == "GB"


def _has_non_urgent(profile: UserProfile | None) -> bool:
    found = country(profile.country if profile else None)
    return found is not None and found.non_urgent is not None


def level_message(
    assessment: tr.Assessment, profile: UserProfile | None, *, next_step: str | None = None
) -> str:
    """The result: headline, the one action, every reason, the 💬 advice, the footer."""
    parts = [
        f"<b>{w(assessment.headline_id(uk=_uk(profile)), profile)}</b>",
        w(assessment.action_id(non_urgent_service=_has_non_urgent(profile)), profile),
    ]
    if assessment.reasons:
        reasons = [escape(r.text) for r in assessment.reasons]
        parts.append(f"<b>{w('reasons.intro')}</b>\n{bullets(reasons)}")
    if assessment.professional_advice:
        parts.append(f"<b>{w('professional.headline')}</b>\n{w('professional.text')}")
    if assessment.urgency >= Urgency.URGENT_TODAY and tr.PlanItem.MEDICINES in assessment.plan:
        parts.append(w(tr.PlanItem.MEDICINES.wording_id))  # at every level (TRIAGE.md)
    if assessment.urgency is Urgency.SELF_CARE:
        parts.append(w("safety_net", profile))
    if next_step:
        parts.append(next_step)
    parts.append(f"<i>{w('footer', profile)}</i>")
    return "\n\n".join(parts)


def level_only(level: Urgency, profile: UserProfile | None) -> str:
    """That level's advice alone (Cancel, Back or expiry after a red flag was ticked)."""
    headline = wording.level_headline_id(level, uk=_uk(profile))
    action = wording.level_action_id(level, non_urgent_service=_has_non_urgent(profile))
    return "\n\n".join(
        [f"<b>{w(headline, profile)}</b>", w(action, profile), f"<i>{w('footer', profile)}</i>"]
    )


def safety_line(profile: UserProfile | None) -> str:
    """ "If this is an emergency, call {number}.": the end (or start) of every reply that is
    not an answer (TRIAGE.md "Free text")."""
    return w("free_text.safety_line", profile)


def items_line(items: tuple[str, ...] | list[str]) -> str:
    return "; ".join(rf.text_of(i) for i in rf.ordered(items))


def typed_alarm(level: Urgency, items: tuple[str, ...], profile: UserProfile | None) -> str:
    """The level's advice for a red flag read in a typed message, naming what was read."""
    headline = wording.level_headline_id(level, uk=_uk(profile))
    action = wording.level_action_id(level, non_urgent_service=_has_non_urgent(profile))
    return "\n\n".join(
        [
            f"<b>{w(headline, profile)}</b>",
            w(action, profile),
            w("free_text.you_wrote", profile, items=items_line(items)),
            f"<i>{w('footer', profile)}</i>",
        ]
    )


def typed_follow_up(items: tuple[str, ...], profile: UserProfile | None) -> str:
    """ "Yesterday you mentioned ...": the next-day ask after an unanswered typed red flag."""
    return "\n\n".join(
        [w("free_text.follow_up", profile, items=items_line(items)), safety_line(profile)]
    )


def plan_message(assessment: tr.Assessment, profile: UserProfile | None) -> str | None:
    """What may be contributing, and the self-care plan (SELF_CARE and SEE_GP only)."""
    if assessment.urgency > tr.PLAN_UP_TO or not (assessment.plan or assessment.contributors):
        return None
    parts = []
    if assessment.contributors:
        items = [w(c.wording_id) for c in assessment.contributors]
        parts.append(f"<b>{w('contributors.intro')}</b>\n{bullets(items)}")
    if assessment.plan:
        limited = profile is not None and profile.fluid_limited
        items = [
            escape(_(FLUID_LIMITED)) if limited and p is tr.PlanItem.WATER else w(p.wording_id)
            for p in assessment.plan
        ]
        parts.append(f"<b>{w('plan.intro')}</b>\n{bullets(items)}")
    return "\n\n".join(parts)


def when(due: datetime, profile: UserProfile | None, now: datetime) -> str:
    """ "tomorrow at 10:00" in the user's time, or "tomorrow" when we don't know their zone."""
    if profile is None or profile.timezone is None:
        return _("tomorrow")
    tz = zone(profile.timezone)
    local, today = due.astimezone(tz), now.astimezone(tz).date()
    if local.date() == today:
        return _("today at {time}").format(time=f"{local:%H:%M}")
    if local.date() == today + timedelta(days=1):
        return _("tomorrow at {time}").format(time=f"{local:%H:%M}")
    return _("on {weekday} at {time}").format(weekday=l10n.weekday(local), time=f"{local:%H:%M}")


_SIDES = {"left": N_("your left-knee twitch"), "right": N_("your right-knee twitch")}


def checkin_about(
    side: str | None, logged_at: datetime | None, profile: UserProfile | None, now: datetime
) -> str:
    """ "Checking in on your right-knee twitch from Tuesday." (a line, or "" if unknown)."""
    if logged_at is None:
        return ""
    what = _(
        _SIDES.get(
            side or "", N_("the twitch in both knees") if side == "both" else N_("your twitch")
        )
    )
    tz = zone(profile.timezone) if profile is not None and profile.timezone else None
    local = logged_at.astimezone(tz) if tz else logged_at
    today = now.astimezone(tz).date() if tz else now.date()
    ago = (today - local.date()).days
    day = _("yesterday") if ago == 1 else l10n.weekday(local) if ago < 7 else l10n.day_month(local)
    return escape(_("Checking in on {what} from {day}.").format(what=what, day=day)) + "\n"


def next_step_text(
    assessment: tr.Assessment, profile: UserProfile | None, due: datetime | None, now: datetime
) -> str:
    if assessment.automatic_checkin:
        moment = when(due, profile, now) if due is not None else _("tomorrow")
        return w("checkin.timing", profile, when=moment)
    return w("followup.notice", profile)
