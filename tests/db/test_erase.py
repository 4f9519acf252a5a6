"""/delete erases every row about the user, in every table, and nothing about anyone else.

The tables come from ``Base.metadata``, and rows are made from the column types, so a table
added later is filled and checked here without anyone remembering to add it. A column type the
filler does not know fails the test loudly (teach ``_value`` about it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.base import Base, UTCDateTime
from bot.services import Services

ALICE = 1001
BOB = 2002
ROWS_PER_TABLE = 2
START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)

Key = tuple[Any, ...]


@dataclass
class Filled:
    """What was inserted: primary keys per table and user, in insertion order."""

    keys: dict[str, dict[int, list[Key]]] = field(default_factory=dict)

    def of(self, table: str, user: int) -> list[Key]:
        return self.keys.get(table, {}).get(user, [])


def _unique_columns(table: Table) -> set[str]:
    names = {c.name for c in table.columns if c.unique}
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and len(constraint.columns) == 1:
            names |= {c.name for c in constraint.columns}
    names |= {
        c.name
        for index in table.indexes
        if index.unique
        for c in index.columns
        if len(index.columns) == 1
    }
    return names


def _value(table: Table, column: Column[Any], user: int, n: int, unique: set[str]) -> Any:
    kind = column.type
    if isinstance(kind, UTCDateTime | DateTime):
        return START + timedelta(days=n, hours=user % 7)
    if isinstance(kind, Date):
        return date(2026, 11, 1 + n)
    if isinstance(kind, Boolean):
        return n % 2 == 0
    if isinstance(kind, Integer):  # SmallInteger and BigInteger too
        # A natural key (update_inbox's update ids) must differ between the users too.
        return user * 100 + n + 1 if column.primary_key else n + 1
    if isinstance(kind, JSON):
        return {"filled": n} if column.name not in {"factors", "reasons", "red_flags"} else []
    if isinstance(kind, String | Text):
        text = f"{table.name}-{user}-{n}" if column.name in unique else f"v{n}"
        length = getattr(kind, "length", None)
        return text[-length:] if length else text
    raise AssertionError(
        f"{table.name}.{column.name}: no test value for {kind!r}; teach tests/db/test_erase.py"
    )


def _generated(column: Column[Any]) -> bool:
    """A surrogate key the database assigns (an auto-increment integer primary key)."""
    return (
        column.primary_key
        and not column.foreign_keys
        and isinstance(column.type, Integer)
        and column.autoincrement in (True, "auto")
        and column.table.name != "users"
    )


async def fill_all_tables(
    engine: AsyncEngine, users: tuple[int, ...] = (ALICE, BOB), rows: int = ROWS_PER_TABLE
) -> Filled:
    """Rows in EVERY table for each user; foreign keys point at the same user's rows."""
    filled = Filled()
    async with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            unique = _unique_columns(table)
            pk = list(table.primary_key.columns)
            per_user: dict[int, list[Key]] = {}
            for user in users:
                # A table keyed by a foreign key (users, triage_sessions) holds one row per user.
                one = all(c.foreign_keys or c.table.name == "users" for c in pk)
                for n in range(1 if one else rows):
                    values: dict[str, Any] = {}
                    for column in table.columns:
                        if _generated(column):
                            continue
                        if table.name == "users" and column.name == "id":
                            values["id"] = user
                            continue
                        fks = list(column.foreign_keys)
                        if fks:
                            parent = fks[0].column
                            if parent.table.name == "users":
                                values[column.name] = user
                            else:
                                parent_keys = filled.of(parent.table.name, user)
                                assert parent_keys, f"{parent.table.name} has no rows yet"
                                values[column.name] = parent_keys[0][0]
                            continue
                        values[column.name] = _value(table, column, user, n, unique)
                    result = await conn.execute(insert(table).values(values).returning(*pk))
                    per_user.setdefault(user, []).append(tuple(result.one()))
            filled.keys[table.name] = per_user
    return filled


def links_to_users(table: Table, seen: frozenset[str] = frozenset()) -> bool:
    """Whether every row of ``table`` can be traced to a user (a foreign-key path to users)."""
    if table.name == "users":
        return True
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent.name not in seen and links_to_users(parent, seen | {table.name}):
            return True
    return False


async def rows_by_key(engine: AsyncEngine, table: Table) -> dict[Key, Mapping[str, Any]]:
    pk = list(table.primary_key.columns)
    async with engine.connect() as conn:
        result = await conn.execute(select(table))
        return {tuple(row[c.name] for c in pk): dict(row) for row in result.mappings()}


async def user_rows(engine: AsyncEngine, table: Table, user: int) -> list[Mapping[str, Any]]:
    """Rows that name the user directly (any column that is a foreign key to users.id)."""
    columns = [
        c for c in table.columns if any(fk.column.table.name == "users" for fk in c.foreign_keys)
    ]
    if table.name == "users":
        columns = [table.c.id]
    found = []
    async with engine.connect() as conn:
        for column in columns:
            result = await conn.execute(select(table).where(column == user))
            found += [dict(r) for r in result.mappings()]
    return found


def test_every_table_leads_to_a_user() -> None:
    """Otherwise nobody could tell whose rows they are, and /delete would miss them."""
    orphans = [t.name for t in Base.metadata.sorted_tables if not links_to_users(t)]
    assert orphans == []


async def test_erase_removes_the_user_from_every_table(services: Services) -> None:
    engine = services.engine
    filled = await fill_all_tables(engine)
    tables = Base.metadata.sorted_tables
    for table in tables:
        assert filled.of(table.name, ALICE), f"no rows made for {table.name}"
        assert filled.of(table.name, BOB), f"no rows made for {table.name}"
    before = {table.name: await rows_by_key(engine, table) for table in tables}

    await services.users.erase(ALICE)

    for table in tables:
        after = await rows_by_key(engine, table)
        left = [k for k in filled.of(table.name, ALICE) if k in after]
        assert left == [], f"{table.name} still has Alice's rows {left}"
        assert await user_rows(engine, table, ALICE) == [], f"{table.name} still names Alice"
        for key in filled.of(table.name, BOB):
            assert after.get(key) == before[table.name][key], f"{table.name}: Bob's row changed"
        assert len(after) == len(filled.of(table.name, BOB)), f"{table.name}: unexpected rows"


async def test_erase_of_an_unknown_user_changes_nothing(services: Services) -> None:
    engine = services.engine
    await fill_all_tables(engine)
    before = {t.name: await rows_by_key(engine, t) for t in Base.metadata.sorted_tables}
    await services.users.erase(999_999)
    after = {t.name: await rows_by_key(engine, t) for t in Base.metadata.sorted_tables}
    assert after == before
