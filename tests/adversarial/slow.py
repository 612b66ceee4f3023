"""Raw-socket clients for the adversarial suite: they send what they like, as slowly as they like."""
import asyncio
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SlowClient:
    """Sends ``head`` then ``body`` in ``step``-byte pieces every ``pause`` seconds, and records when
    the server closed the connection (``closed_after``, seconds after connecting) and what it said."""

    port: int
    head: bytes
    body: bytes = b""
    step: int = 1
    pause: float = 1.0
    give_up: float = 60.0
    closed_after: float | None = None
    answer: bytes = b""
    sent: int = field(default=0)

    async def run(self) -> "SlowClient":
        started = time.monotonic()
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        listening = asyncio.ensure_future(self._listen(reader))
        data = self.head + self.body
        try:
            while not listening.done() and time.monotonic() - started < self.give_up:
                if self.sent < len(data):
                    writer.write(data[self.sent:self.sent + self.step])
                    self.sent += self.step
                    try:
                        await writer.drain()
                    except ConnectionError:
                        break
                await asyncio.wait([listening], timeout=self.pause)
            await asyncio.wait([listening], timeout=2)
        finally:
            if listening.done():
                self.closed_after = time.monotonic() - started
            listening.cancel()
            writer.close()
        return self

    async def _listen(self, reader) -> None:
        try:
            while chunk := await reader.read(65536):
                self.answer += chunk
        except ConnectionError:
            pass

    @property
    def status(self) -> int | None:
        return int(self.answer.split(b" ", 2)[1]) if self.answer.startswith(b"HTTP/1.1 ") else None


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def healthz_seconds(port: int, timeout: float = 5.0) -> float:
    """Time from connecting to a complete /healthz answer, on a fresh connection."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    return time.perf_counter() - started


def request_head(method: str, path: str, headers: dict[str, str], length: int | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()
