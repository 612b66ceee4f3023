"""A static page on its own loopback origin (the site that embeds the form), over HTTP or HTTPS;
its HTML is set once the token exists."""
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Page:
    def __init__(self, host: str, tls: ssl.SSLContext | None = None):
        page = self
        self.html = ""

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = page.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
