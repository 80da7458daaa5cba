"""What the Python end-to-end tests share: counted checks that print each failure and close with
the plain "N passed, N failed" line, and a threading HTTP server on 127.0.0.1 that stops with
the test."""
import http.server
import socketserver
import sys
import threading


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def __call__(self, what, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what} {str(detail)[:3000]}")

    def finish(self):
        """Prints the closing line and exits 1 when any check failed."""
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that stopped reading (a cancelled or killed run): a broken pipe is expected


def serve(handler):
    """Starts `handler` (a BaseHTTPRequestHandler class) on a free 127.0.0.1 port in a daemon
    thread; returns the server (`.server_address[1]` is the port; call `.shutdown()` at the end)."""
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve_files(files):
    """serve() of a dict: path -> bytes, or a dict sent as JSON; other paths answer 404. The
    paths asked for are kept in order in `server.hits`."""
    import json

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.server.hits.append(self.path)
            body = files.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            if isinstance(body, dict):
                body = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            if self.path.endswith(".html"):
                self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    server.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def tgz(entries):
    """A .tgz in memory of (name, bytes) entries."""
    import io
    import tarfile
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()
