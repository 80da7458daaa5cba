# Shared by the fault tests (sourced): tests/support/check.sh (a temp dir, check(), finish()), sqlite helpers via
# python3's sqlite3 module (no sqlite3 CLI needed), and a slow loopback HTTP server.
source "$(dirname "${BASH_SOURCE[0]}")/../support/check.sh"
chmod 755 "$T"  # run_as_nobody needs to reach files in it

# integrity <db>: PRAGMA integrity_check is ok and foreign keys hold.
integrity() {
  python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
assert db.execute("PRAGMA foreign_key_check").fetchall() == []
PY
}
# doc_urls <db> <source>: the stored document URLs of a source, one a line, sorted.
doc_urls() {
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=10)
q = "SELECT url FROM document WHERE source_id=? AND coalesce(error,'')='' ORDER BY url"
for (u,) in db.execute(q, (sys.argv[2],)):
    print(u)
PY
}
# serve_slow <dir> <delay seconds>: serves <dir> on a free 127.0.0.1 port, each response
# delayed; sets PORT. Stops by itself after 180 s (bounded, loopback only).
serve_slow() {
  cat >"$T/serve.py" <<'PY'
import http.server, socketserver, sys, os, time
os.chdir(sys.argv[1]); delay = float(sys.argv[2])
class H(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        time.sleep(delay); super().do_GET()
    def log_message(self, *args): pass
class S(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
with S(("127.0.0.1", 0), H) as s:
    print(s.server_address[1], flush=True)
    s.timeout = 0.5; end = time.time() + 180
    while time.time() < end: s.handle_request()
PY
  python3 "$T/serve.py" "$1" "$2" >"$T/port" &
  PIDS+=($!)
  for _ in $(seq 100); do
    [[ -s "$T/port" ]] && break
    sleep 0.1
  done
  PORT=$(head -1 "$T/port")
}
# run_as_nobody <cmd...>: runs as user and group 65534 when we are root (root ignores modes).
run_as_nobody() {
  if [[ $(id -u) -eq 0 ]]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
  else
    "$@"
  fi
}
