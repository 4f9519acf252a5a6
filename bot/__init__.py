"""Knee-twitch companion bot: triage, reminders, check-ins and escalation over Telegram."""
