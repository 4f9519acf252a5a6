"""How the bot talks HTTP to the Bot API: PTB's request interface over aiohttp.

Why not PTB's default (``HTTPXRequest``): measured against the Bot API stand-in, one
``sendMessage`` through PTB costs about 1.8 to 3 ms of CPU with httpx (httpcore's anyio
streams: cancel scopes and ``extra_attributes`` on every request), 0.5 to 0.7 ms with aiohttp
(its C HTTP parser), and a triage tap makes two requests (``answerCallbackQuery`` and the
edit). ``python -m bench throughput`` shows it per tap. aiohttp is a well-kept library and PTB
documents ``BaseRequest`` for exactly this.

What stays as PTB's: the parameters (``RequestData``; sent as one JSON body, or as multipart
when there are files), the timeouts' meaning (``connect``, ``read``, ``write``, ``pool``), and
the errors: a timeout is ``TimedOut``, any other transport failure ``NetworkError``. A POST is
never retried by the transport (a retry could send a message twice); callers decide.

The transport also drops PTB's ERROR traceback for every non-JSON answer: when Telegram (or a
proxy in front of it) answers 502 with an HTML page, PTB logs "Can not load invalid JSON data"
and then raises ``NetworkError("Bad Gateway (502) ...")`` anyway. The caller already handles
that error (the sweep retries the reminder with a backoff and logs one WARNING with the
status), so the extra ERROR is noise that hides real failures.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
MEDIA_WRITE_TIMEOUT = 20.0
POOL_TIMEOUT = 1.0
_JSON = {"Content-Type": "application/json"}


def _quiet_json(payload: bytes) -> dict[str, Any]:
    try:
        data = json.loads(payload.decode("utf-8", "replace"))
    except ValueError as exc:
        raise TelegramError("Invalid server response") from exc
    if not isinstance(data, dict):
        raise TelegramError("Invalid server response")
    return data


def _seconds(value: object, default: float | None) -> float | None:
    if isinstance(value, DefaultValue):
        return default
    return value if value is None else float(value)  # type: ignore[arg-type]


class AiohttpRequest(BaseRequest):
    """PTB's ``BaseRequest`` over one ``aiohttp.ClientSession`` (created in ``initialize``)."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 256,
        connect_timeout: float | None = CONNECT_TIMEOUT,
        read_timeout: float | None = READ_TIMEOUT,
        write_timeout: float | None = WRITE_TIMEOUT,
        media_write_timeout: float | None = MEDIA_WRITE_TIMEOUT,
        pool_timeout: float | None = POOL_TIMEOUT,
    ) -> None:
        self._pool_size = connection_pool_size
        self._connect = connect_timeout
        self._read = read_timeout
        self._write = write_timeout
        self._media_write = media_write_timeout
        self._pool = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        return _quiet_json(payload)

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                # Telegram's answers are JSON; cookies and redirects play no part.
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=True,
            )
            self._proxies.clear()

    def _proxy(self, url: str) -> str | None:
        """HTTPS_PROXY / NO_PROXY from the environment, as PTB's httpx transport honours them.
        Read once per host: aiohttp's own ``trust_env`` reads the environment in a worker
        thread on every request (py-spy: 5% of a tap)."""
        host = urlsplit(url).hostname or ""
        if host not in self._proxies:
            found: str | None = None
            if not proxy_bypass(host):
                found = getproxies().get(urlsplit(url).scheme)
            self._proxies[host] = found
        return self._proxies[host]

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    def _timeout(
        self,
        *,
        files: bool,
        read: object,
        write: object,
        connect: object,
        pool: object,
    ) -> aiohttp.ClientTimeout:
        read_s = _seconds(read, self._read)
        write_s = _seconds(write, self._media_write if files else self._write)
        connect_s = _seconds(connect, self._connect)
        pool_s = _seconds(pool, self._pool)
        parts = (read_s, write_s, connect_s, pool_s)
        # aiohttp has no write timeout of its own: the whole request is capped at the sum.
        total = None if any(p is None for p in parts) else sum(p or 0.0 for p in parts)
        waiting = None if connect_s is None or pool_s is None else connect_s + pool_s
        return aiohttp.ClientTimeout(
            total=total, connect=waiting, sock_connect=connect_s, sock_read=read_s
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        headers = None
        body: Any = None
        if files:  # uploads go as multipart, each other field JSON-encoded (as PTB does)
            form = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():  # type: ignore[union-attr]
                form.add_field(name, value)
            for name, (filename, content, mimetype) in files.items():
                form.add_field(name, content, filename=filename, content_type=mimetype)
            body = form
        elif request_data is not None and request_data.parameters:
            # One JSON body (the Bot API takes application/json): form-encoding the keyboards
            # character by character cost 5% of a tap's CPU.
            body = json.dumps(request_data.parameters, separators=(",", ":")).encode()
            headers = _JSON
        timeout = self._timeout(
            files=bool(files),
            read=read_timeout,
            write=write_timeout,
            connect=connect_timeout,
            pool=pool_timeout,
        )
        try:
            async with session.request(
                method, url, data=body, headers=headers, timeout=timeout, proxy=self._proxy(url)
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's timeouts are asyncio.TimeoutError too
            raise TimedOut from err
        except asyncio.CancelledError:
            raise
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err
