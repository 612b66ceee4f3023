"""A static page on its own loopback origin (the site that embeds the form), over HTTP or HTTPS;
its HTML is set once the token exists."""
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# loopback addresses other than the appliance's 127.0.0.1: a page there is another origin
PAGE_HOST, OTHER_HOST = "127.0.0.2", "127.0.0.3"


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
