"""A real HTTP receiver on 127.0.0.1 for outbound deliveries: records requests, answers from a script."""
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    """``answers``: (status, body, delay) per request in turn; the last one repeats."""

    answers: list = field(default_factory=lambda: [(200, b"ok", 0)])
    requests: list = field(default_factory=list)
    hold: threading.Event | None = None  # when set up, requests wait for it before answering

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                index = min(len(receiver.requests), len(receiver.answers)) - 1
                status, answer, delay = receiver.answers[index]
                if receiver.hold is not None:
                    receiver.hold.wait(30)
                time.sleep(delay)
                self.send_response(status)
                if status in (301, 302, 307, 308):
                    self.send_header("Location", f"http://127.0.0.1:{receiver.port}/moved")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            wbufsize = -1  # the answer leaves in one write when handle() ends, not a segment per header

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # socketserver's 5 drops concurrent connects: the sender waits 1 s to retry

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/svit"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, timeout: float = 20.0) -> list:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.requests) >= count, f"{len(self.requests)} requests received, expected {count}"
        return self.requests


def serve_tls(receiver: Receiver, server_context) -> Receiver:
    """Put the receiver's listening socket behind TLS (``server_context`` holds its certificate)."""
    receiver.server.socket = server_context.wrap_socket(receiver.server.socket, server_side=True)
    return receiver
