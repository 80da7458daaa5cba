#!/usr/bin/env python3
"""A research run stopped early writes what it gathered: SIGTERM and SIGINT mid-crawl stop the
fetching, the JSON and the brief are written, marked partial (a gap), exit 1; a second signal
exits at once; --max-time does the same as the first signal when its budget runs out.
A slow docs site on 127.0.0.1 (each page 0.25 s) that this test starts and stops.
Usage: stop_test.py <om-research binary>"""
import http.server
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Checks, serve  # noqa: E402

binary = sys.argv[1]
check = Checks()


PAGES = 200


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/robots.txt":
            self.send_response(404)
            self.end_headers()
            return
        time.sleep(0.25)
        links = "".join(f"<a href='/p{i}.html'>p{i}</a>" for i in range(PAGES)) if self.path == "/index.html" else ""
        body = (f"<html><body><h1>Page {self.path}</h1><h2>Authentication</h2><p>Send the "
                f"<code>X-Api-Key</code> header.</p>{links}</body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = serve(Handler)
URL = f"http://127.0.0.1:{server.server_address[1]}/index.html"

with tempfile.TemporaryDirectory() as tmp:
    def start(name, *extra):
        ctx = os.path.join(tmp, f"{name}.md")
        with open(ctx, "w") as f:
            f.write("# Brief\n\n## Connector Profile\n\nkeep me\n")
        p = subprocess.Popen([binary, "--source", name, "--docs", URL, "--allow-private", "--crawl-delay-ms", "0",
                              "--concurrency", "2", "--db", os.path.join(tmp, f"{name}.db"), "--json",
                              "--context", ctx, *extra],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return p, ctx

    for sig in (signal.SIGTERM, signal.SIGINT):
        p, ctx = start(f"sig{int(sig)}")
        time.sleep(2.0)
        sent = time.monotonic()
        p.send_signal(sig)
        out, err = p.communicate(timeout=30)
        took = time.monotonic() - sent
        name = signal.Signals(sig).name
        try:
            data = json.loads(out)
        except json.JSONDecodeError:
            data = {}
        check(f"{name}: exit 1 (partial)", p.returncode == 1, (p.returncode, err[-800:]))
        check(f"{name}: it stops within 3 s ({took:.2f} s)", took < 3.0)
        check(f"{name}: the JSON is written with what was read",
              0 < len(data.get("documents", [])) < PAGES + 1, len(data.get("documents", [])))
        check(f"{name}: the JSON says it is partial",
              any("partial research" in g and "interrupted" in g for g in data.get("gaps", [])), data.get("gaps"))
        brief = open(ctx).read()
        check(f"{name}: the brief is written, marked partial, the user's text kept",
              "<!-- om-research:begin -->" in brief and "partial research" in brief and "keep me" in brief)

    p, ctx = start("twice")
    time.sleep(1.5)
    p.send_signal(signal.SIGINT)
    for line in p.stderr:  # once the first one is delivered, send the second
        if "stopping" in line:
            break
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    p.communicate(timeout=30)
    took = time.monotonic() - sent
    check(f"a second signal exits at once ({took:.2f} s, exit {p.returncode})", took < 1.0 and p.returncode == 130,
          p.returncode)

    p, ctx = start("budget", "--max-time", "2")
    began = time.monotonic()
    out, err = p.communicate(timeout=60)
    took = time.monotonic() - began
    data = json.loads(out) if out.strip() else {}
    check(f"--max-time 2 stops the run in time ({took:.2f} s)", 1.5 < took < 6, err[-500:])
    check("--max-time: exit 1 and a gap naming the budget", p.returncode == 1 and
          any("--max-time of 2 s" in g for g in data.get("gaps", [])), (p.returncode, data.get("gaps")))

server.shutdown()
check.finish()
