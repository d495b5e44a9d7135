"""asyncio load clients on raw sockets: steady load, slowloris, guessing, a probe (network I/O)."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

HOST = "127.0.0.1"
TIMEOUT = 10.0
SLOW_SOURCE, ATTACK_SOURCE, USER_SOURCE = "127.0.0.3", "127.0.0.2", "127.0.0.1"

Streams = tuple[asyncio.StreamReader, asyncio.StreamWriter]


@dataclass
class Tally:
    """What a group of clients saw."""

    ok: int = 0
    errors: int = 0
    slow_connects: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)

    def percentile(self, p: int) -> float:
        """The ``p``-th percentile latency in milliseconds."""
        if len(self.latencies) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies, n=100)[p - 1] * 1000

    def summary(self) -> str:
        return ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))


async def connect(port: int, source: str, tally: Tally) -> Streams:
    began = time.monotonic()
    streams = await asyncio.wait_for(
        asyncio.open_connection(HOST, port, local_addr=(source, 0)), TIMEOUT
    )
    if time.monotonic() - began > 1.0:
        tally.slow_connects += 1
    return streams


async def exchange(streams: Streams, request: bytes) -> int:
    """Send one request and read its whole answer; the status."""
    reader, writer = streams
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return int(head.split(b" ", 2)[1])


async def close(streams: Streams | None) -> None:
    if streams is not None:
        streams[1].close()


async def keep_alive(port: int, request: bytes, deadline: float, tally: Tally) -> None:
    """One client reusing its connection for as many requests as the phase allows."""
    streams: Streams | None = None
    while time.monotonic() < deadline:
        try:
            streams = streams or await connect(port, USER_SOURCE, tally)
            status = await asyncio.wait_for(exchange(streams, request), TIMEOUT)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            tally.errors += 1
            await close(streams)
            streams = None
            continue
        if status == 200:
            tally.ok += 1
        else:
            tally.errors += 1
    await close(streams)


async def per_request(
    port: int, request: bytes, deadline: float, tally: Tally, source: str
) -> None:
    """One client opening a new connection for every request."""
    while time.monotonic() < deadline:
        streams: Streams | None = None
        try:
            streams = await connect(port, source, tally)
            status = await asyncio.wait_for(exchange(streams, request), TIMEOUT)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            tally.errors += 1
            status = 0
        await close(streams)
        if status == 200:
            tally.ok += 1
        elif status:
            tally.errors += 1


async def slow_header(port: int, deadline: float, tally: Tally) -> None:
    """A slowloris socket: a header line every 2 s, never the end of the head."""
    while time.monotonic() < deadline:
        streams: Streams | None = None
        try:
            streams = await connect(port, SLOW_SOURCE, tally)
            streams[1].write(b"GET /progress HTTP/1.1\r\nHost: bench\r\n")
            while time.monotonic() < deadline:
                await asyncio.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
                if streams[0].at_eof():
                    tally.statuses["closed by server"] += 1
                    break
                streams[1].write(b"X-Slow: 1\r\n")
                await asyncio.wait_for(streams[1].drain(), TIMEOUT)
        except (OSError, TimeoutError):
            tally.statuses["reset"] += 1
        await close(streams)
        await asyncio.sleep(0.1)


async def guesser(port: int, deadline: float, tally: Tally, make: Callable[[str, str], bytes],
                  index: int) -> None:
    """A password guesser on one keep-alive connection, trying a different name each time."""
    streams: Streams | None = None
    attempt = 0
    while time.monotonic() < deadline:
        attempt += 1
        try:
            streams = streams or await connect(port, ATTACK_SOURCE, tally)
            status = await asyncio.wait_for(
                exchange(streams, make(f"user{index}-{attempt}", "wrong")), TIMEOUT
            )
            tally.statuses[str(status)] += 1
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            tally.statuses["failed"] += 1
            await close(streams)
            streams = None
    await close(streams)


async def probe(port: int, request: bytes, deadline: float, tally: Tally) -> None:
    """The valid user: one request every 50 ms on a kept-alive connection; latency of each."""
    streams: Streams | None = None
    while time.monotonic() < deadline:
        began = time.monotonic()
        try:
            streams = streams or await connect(port, USER_SOURCE, tally)
            status = await asyncio.wait_for(exchange(streams, request), TIMEOUT)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            status = 0
            await close(streams)
            streams = None
        tally.latencies.append(time.monotonic() - began)
        if status != 200:
            tally.errors += 1
        await asyncio.sleep(max(0.0, 0.05 - (time.monotonic() - began)))
    await close(streams)


async def abuse_and_probe(port: int, good: bytes, make: Callable[[str, str], bytes],
                          deadline: float, probe_tally: Tally, abuse: Tally) -> None:
    """200 slowloris sockets, 100 guessers and the valid user's probe, until ``deadline``."""
    await asyncio.gather(
        *(slow_header(port, deadline, abuse) for _ in range(200)),
        *(guesser(port, deadline, abuse, make, i) for i in range(100)),
        probe(port, good, deadline, probe_tally),
    )
