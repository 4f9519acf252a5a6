"""Statements on the path of every update, compiled once and run on the driver's connection.

Every update costs the inbox a store and a claim, and a triage tap reads the triage, touches
the user and moves the triage on. Through SQLAlchemy each of those statements costs about
0.17 ms of CPU even when prebuilt (its compiled form cached): an execution context, parameter
processing, a cursor result and its row metadata per call. The statement itself, on a local
SQLite file, takes about 0.03 ms. Measured in-process over 2,000 taps' transactions (read the
triage, touch, advance, commit): 0.73 ms through SQLAlchemy Core, 0.37 ms with ``Prepared``.

``Prepared`` wraps such a Core statement. For the SQLite driver this project runs
(``bot.db.inline_sqlite``), it is compiled once by SQLAlchemy's own dialect (the SQL text, the
order of its parameters, their bind processors and the result columns' processors: a
``UTCDateTime`` is stored and read exactly as SQLAlchemy would), and each call runs that SQL on
the connection SQLAlchemy already holds, inside its transaction. For any other driver
(PostgreSQL's asyncpg) it runs through SQLAlchemy as before: there the connection's transaction
starts lazily inside SQLAlchemy's adapter, and the rows are the same either way.

Only fixed-shape statements: no expanding (``IN``) parameters.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement, Executable

from bot.db import inline_sqlite

Processor = Callable[[Any], Any] | None


class _Compiled(NamedTuple):
    sql: str
    names: tuple[str, ...]
    defaults: dict[str, Any]
    binds: tuple[Processor, ...]
    results: tuple[Processor, ...]
    row: Any  # a namedtuple class: rows read by position or by column name


def _driver(conn: AsyncConnection) -> object:
    sync = conn.sync_connection
    if sync is None:
        raise ValueError("the connection is not started")
    return sync.connection.driver_connection


def direct(conn: AsyncConnection) -> bool:
    """Whether ``Prepared`` statements run on ``conn``'s driver directly (SQLite, inline)."""
    return isinstance(_driver(conn), inline_sqlite.Connection)


class Prepared:
    """A Core statement run without SQLAlchemy's per-call execution on SQLite (module doc)."""

    def __init__(self, statement: Executable) -> None:
        if not isinstance(statement, ClauseElement):
            raise TypeError("Prepared takes a Core statement")
        self.statement = statement
        self._compiled: _Compiled | None = None

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled: Any = self.statement.compile(dialect=dialect)
        if compiled.has_out_parameters or any(
            b.expanding for b in compiled.binds.values()
        ):  # pragma: no cover - a programming error, caught by the first test that runs it
            raise TypeError("Prepared takes fixed-shape statements only")
        names = tuple(compiled.positiontup or ())
        processors = compiled._bind_processors
        columns = compiled._result_columns
        keys = [c[0] for c in columns]
        result = tuple(c[3]._cached_result_processor(dialect, None) for c in columns)
        self._compiled = _Compiled(
            sql=compiled.string,
            names=names,
            defaults=compiled.construct_params(_check=False),
            binds=tuple(processors.get(n) for n in names),
            results=result,
            row=namedtuple("Row", keys, rename=True),
        )
        return self._compiled

    async def rows(self, conn: AsyncConnection, params: Mapping[str, Any]) -> Sequence[Any]:
        """Run it in ``conn``'s transaction; every row (read by position or column name)."""
        driver = _driver(conn)
        if not isinstance(driver, inline_sqlite.Connection):
            result = await conn.execute(self.statement, dict(params))
            return result.all() if result.returns_rows else []
        compiled = self._compiled or self._compile(conn.dialect)
        defaults = compiled.defaults
        values = []
        for name, process in zip(compiled.names, compiled.binds, strict=True):
            value = params[name] if name in params else defaults[name]
            values.append(value if process is None or value is None else process(value))
        found = await driver.fetch(compiled.sql, values)
        make = compiled.row._make
        results = compiled.results
        if not any(results):
            return [make(r) for r in found]
        return [
            make(v if p is None or v is None else p(v) for p, v in zip(results, r, strict=True))
            for r in found
        ]

    async def first(self, conn: AsyncConnection, params: Mapping[str, Any]) -> Any:
        """The first row, or None."""
        found = await self.rows(conn, params)
        return found[0] if found else None
