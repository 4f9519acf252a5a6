"""The aiohttp transport (bot/tg/request.py) honours the proxy environment as httpx did."""

from __future__ import annotations

import pytest

from bot.tg.request import AiohttpRequest


def test_a_proxy_from_the_environment_is_used_except_for_no_proxy_hosts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    request = AiohttpRequest()
    assert request._proxy("https://api.telegram.org/bot1:x/getMe") == "http://proxy.example:3128"
    assert request._proxy("https://127.0.0.1:8081/bot1:x/getMe") is None


def test_no_proxy_configured_means_a_direct_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    assert AiohttpRequest()._proxy("https://api.telegram.org/bot1:x/getMe") is None
