"""Use cases: each opens one unit of work, applies domain rules, writes rows, returns results."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.db.engine import Engine, Sessionmaker, create_sessionmaker
from bot.db.uow import UnitOfWork
from bot.services.checkins import CheckInService
from bot.services.ports import Clock, SystemClock
from bot.services.records import RecordsService
from bot.services.reminders import ReminderService
from bot.services.safety import SafetyService
from bot.services.triage import TriageService
from bot.services.users import UserService


@dataclass
class Services:
    """Everything the Telegram layer and the scheduler call, built once at start-up."""

    engine: Engine
    clock: Clock = field(default_factory=SystemClock)
    sessionmaker: Sessionmaker = field(init=False)
    users: UserService = field(init=False)
    triage: TriageService = field(init=False)
    reminders: ReminderService = field(init=False)
    checkins: CheckInService = field(init=False)
    records: RecordsService = field(init=False)
    safety: SafetyService = field(init=False)

    def __post_init__(self) -> None:
        self.sessionmaker = create_sessionmaker(self.engine)
        self.users = UserService(self.uow, self.clock)
        self.triage = TriageService(self.uow, self.clock)
        self.reminders = ReminderService(self.uow, self.clock)
        self.checkins = CheckInService(self.uow, self.clock)
        self.records = RecordsService(self.uow, self.clock)
        self.safety = SafetyService(self.uow, self.clock)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessionmaker)
