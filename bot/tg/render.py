"""Domain results -> HTML message text. Every user-supplied or variable text is escaped here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot import l10n
from bot.domain import language, wording
from bot.domain import redflags as rf
from bot.domain import triage as tr
from bot.domain.countries import country, emergency_number
from bot.domain.language import _
from bot.domain.model import Urgency, UserProfile
from bot.domain.timezones import zone
from bot.tg import texts
from bot.tg.markup import escape

TEXT_LIMIT = 4096  # Telegram's limit for a message (the HTML is never shorter than what shows)


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


def folded(lines: list[str]) -> str:
    """A list in Telegram's expandable blockquote: a few lines show, the rest on a tap."""
    return f"<blockquote expandable>{bullets(lines)}</blockquote>"


def result_message(
    assessment: tr.Assessment,
    profile: UserProfile | None,
    answers: tr.Answers,
    *,
    next_step: str,
    with_plan: bool = True,
) -> str:
    """The triage result in one message (issue 12): the headline and the one action first; why,
    what may be contributing and the plan folded away below; the 💬 advice as a secondary line;
    when I'll be in touch; a recap of the answers; the footer last."""
    top = [
        f"<b>{w(assessment.headline_id(uk=_uk(profile)), profile)}</b>\n"
        + w(assessment.action_id(non_urgent_service=_has_non_urgent(profile)), profile)
    ]
    if assessment.reasons:
        reasons = [escape(r.text) for r in assessment.reasons]
        top.append(f"<b>{w('reasons.intro')}</b>\n{folded(reasons)}")
    if assessment.urgency <= tr.PLAN_UP_TO and with_plan:
        top += _plan_parts(assessment, profile, folded)
    elif assessment.urgency > tr.PLAN_UP_TO and tr.PlanItem.MEDICINES in assessment.plan:
        top.append(w(tr.PlanItem.MEDICINES.wording_id))  # at every level (TRIAGE.md)
    if assessment.professional_advice:
        top.append(f"{w('professional.headline')}: {w('professional.text')}")
    if assessment.urgency is Urgency.SELF_CARE:
        top.append(w("safety_net", profile))
    top.append(next_step)
    top.append(f"{escape(answers_recap(answers))}\n<i>{w('footer', profile)}</i>")
    return "\n\n".join(top)


def result_messages(
    assessment: tr.Assessment,
    profile: UserProfile | None,
    answers: tr.Answers,
    *,
    next_step: str,
    limit: int = TEXT_LIMIT,
) -> list[str]:
    """The result as one message; should it ever pass Telegram's limit (a longer language),
    the folded parts go to a second message after it, so nothing is cut off."""
    whole = result_message(assessment, profile, answers, next_step=next_step)
    plan = plan_message(assessment, profile)
    if len(whole) <= limit or plan is None:
        return [whole]
    short = result_message(assessment, profile, answers, next_step=next_step, with_plan=False)
    return [short, plan]


def _lower_first(label: str) -> str:
    """Mid-sentence case; German keeps its capitals (nouns are capitalised)."""
    if language.current() == "de":
        return label
    return label[:1].lower() + label[1:]


def answers_recap(answers: tr.Answers) -> str:
    """ "Your answers: no warning signs · 1–2 days · ... ": what was ticked and answered, short
    (the checklists' button labels, not their full texts)."""
    labels = {i.id: i.label for i in (*tr.EMERGENCY_ITEMS, *tr.SAME_DAY_ITEMS, *tr.GP_ITEMS)}

    def ticked(ids: frozenset[str], items: tuple[tr.ChecklistItem, ...]) -> list[str]:
        return [_lower_first(labels[i.id]) for i in items if i.id in ids]

    flags = ticked(answers.emergency, tr.EMERGENCY_ITEMS)
    flags += ticked(answers.same_day, tr.SAME_DAY_ITEMS)
    parts = [
        _(texts.RECAP_WARNING_SIGNS).format(items=", ".join(flags))
        if flags
        else _(texts.RECAP_NO_WARNING_SIGNS)
    ]
    if answers.duration is not None:
        parts.append(answers.duration.label)
        gp = ticked(answers.gp, tr.GP_ITEMS)
        parts.append(_(texts.RECAP_GP_SIGNS).format(items=", ".join(gp) or _(texts.RECAP_NONE)))
    if answers.side is not None:
        parts.append(_(texts.RECAP_SIDES[answers.side.value]))
    if answers.intensity is not None:
        parts.append(_(texts.RECAP_INTENSITY).format(intensity=answers.intensity))
    if answers.frequency is not None:
        parts.append(_lower_first(_(tr.FREQUENCY_LABELS[answers.frequency])))
    if answers.side is not None:  # the last-24-hours list comes after the side
        factors = [_lower_first(f.label) for f in tr.Factor if f in answers.factors]
        parts.append(
            _(texts.RECAP_FACTORS).format(items=", ".join(factors) or _(texts.RECAP_NONE))
        )
    return _(texts.RECAP).format(answers=" · ".join(parts))


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
    return "\n\n".join(_plan_parts(assessment, profile, bullets))


def _plan_parts(
    assessment: tr.Assessment, profile: UserProfile | None, listed: Callable[[list[str]], str]
) -> list[str]:
    """ "What might be playing a part" and "What can help", each a list ``listed`` lays out."""
    parts = []
    if assessment.contributors:
        items = [w(c.wording_id) for c in assessment.contributors]
        parts.append(f"<b>{w('contributors.intro')}</b>\n{listed(items)}")
    if assessment.plan:
        limited = profile is not None and profile.fluid_limited
        items = [
            escape(_(texts.FLUID_LIMITED))
            if limited and p is tr.PlanItem.WATER
            else w(p.wording_id)
            for p in assessment.plan
        ]
        parts.append(f"<b>{w('plan.intro')}</b>\n{listed(items)}")
    return parts


def when(due: datetime, profile: UserProfile | None, now: datetime) -> str:
    """ "tomorrow at 10:00" in the user's time, or "tomorrow" when we don't know their zone."""
    if profile is None or profile.timezone is None:
        return _(texts.TOMORROW)
    tz = zone(profile.timezone)
    local, today = due.astimezone(tz), now.astimezone(tz).date()
    if local.date() == today:
        return _(texts.TODAY_AT).format(time=f"{local:%H:%M}")
    if local.date() == today + timedelta(days=1):
        return _(texts.TOMORROW_AT).format(time=f"{local:%H:%M}")
    return _(texts.ON_WEEKDAY_AT).format(weekday=l10n.weekday(local), time=f"{local:%H:%M}")


def checkin_about(
    side: str | None, logged_at: datetime | None, profile: UserProfile | None, now: datetime
) -> str:
    """ "Checking in on your right-knee twitch from Tuesday." (a line, or "" if unknown)."""
    if logged_at is None:
        return ""
    what = (
        _(texts.CHECKIN_SIDES[side]) if side in texts.CHECKIN_SIDES else _(texts.CHECKIN_ANY_SIDE)
    )
    tz = zone(profile.timezone) if profile is not None and profile.timezone else None
    local = logged_at.astimezone(tz) if tz else logged_at
    today = now.astimezone(tz).date() if tz else now.date()
    ago = (today - local.date()).days
    day = (
        _(texts.YESTERDAY)
        if ago == 1
        else l10n.weekday(local)
        if ago < 7
        else l10n.day_month(local)
    )
    return escape(_(texts.CHECKING_IN_ON).format(what=what, day=day)) + "\n"


def next_step_text(
    assessment: tr.Assessment, profile: UserProfile | None, due: datetime | None, now: datetime
) -> str:
    if assessment.automatic_checkin:
        moment = when(due, profile, now) if due is not None else _(texts.TOMORROW)
        return w("checkin.timing", profile, when=moment)
    return w("followup.notice", profile)
