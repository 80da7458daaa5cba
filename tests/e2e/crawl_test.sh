#!/usr/bin/env bash
# The CLI crawling a docs site served on 127.0.0.1 by a server this test starts and stops:
# discovery (links, well-known spec path), cited facts from pages and the spec, a re-run inside
# the freshness window that makes no request, --offline, and a refused private address.
# Usage: crawl_test.sh <om-research binary> <repo root>
set -uo pipefail
BIN="$1"; ROOT="$2"
source "$(dirname "${BASH_SOURCE[0]}")/../support/check.sh"
mkdir -p "$T/site" && cp -r "$ROOT/tests/fixtures/site/." "$T/site/" && cp "$ROOT/examples/acme-bi/openapi.yaml" "$T/site/"
# robots.txt names a sitemap: the sitemap is a document found "via robots.txt", robots.txt is not.
printf 'User-agent: *\nDisallow: /private/\nSitemap: /sitemap.xml\n' > "$T/site/robots.txt"
printf '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/docs/auth.html</loc></url><url><loc>/deep/d1.html</loc></url></urlset>\n' > "$T/site/sitemap.xml"
# A chain of pages deeper than the crawler's depth limit (5 link hops): a crawl stops inside it,
# and a --refresh, which reseeds every cached page, must stop at the same page.
mkdir -p "$T/site/deep"
for i in $(seq 1 9); do printf '<html><body><p>Level %d.</p><a href="d%d.html">next</a></body></html>\n' "$i" $((i + 1)) > "$T/site/deep/d$i.html"; done
# A tiny logging server (python3 standard library) on a free loopback port.
cat > "$T/serve.py" <<'PY'
import http.server, socketserver, sys, os
os.chdir(sys.argv[1])
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        with open(sys.argv[2], "a") as f: f.write(self.path + "\n")
with socketserver.TCPServer(("127.0.0.1", 0), H) as s:
    print(s.server_address[1], flush=True)
    s.timeout = 0.5
    import time; end = time.time() + 120
    while time.time() < end: s.handle_request()
PY
python3 "$T/serve.py" "$T/site" "$T/access.log" > "$T/port" & PIDS+=($!)
for _ in $(seq 50); do [[ -s "$T/port" ]] && break; sleep 0.1; done
PORT=$(head -1 "$T/port"); URL="http://127.0.0.1:$PORT/"

"$BIN" --source web --docs "$URL" --allow-private --crawl-delay-ms 0 --db "$T/k.db" --json --no-context > "$T/out.json" 2> "$T/err1"; rc=$?
check "crawl exits 0" test "$rc" = 0
check "pages and the discovered spec are cited documents with facts" python3 - "$T/out.json" "$PORT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); base = f"http://127.0.0.1:{sys.argv[2]}"
urls = {x["url"]: x for x in d["documents"]}
assert base + "/" in urls and base + "/docs/auth.html" in urls and base + "/openapi.yaml" in urls, urls
assert urls[base + "/openapi.yaml"]["kind"] == "openapi"
assert any(a["type"] == "apiKey" and (a["name"] or "").lower() == "x-acme-key" for a in d["auth"]), d["auth"]
assert any(r["limit"] == 600 and r["window_seconds"] == 60 for r in d["rate_limits"]), d["rate_limits"]
PY
check "robots.txt was asked for" grep -qx "/robots.txt" "$T/access.log"
check "the crawl stops inside the deep chain (the depth limit)" python3 -c "import json; u=[x['url'] for x in json.load(open('$T/out.json'))['documents']]; assert any(x.endswith('/deep/d1.html') for x in u), u; assert not any(x.endswith('/deep/d9.html') for x in u), u"
before=$(wc -l < "$T/access.log")
"$BIN" --source web --docs "$URL" --allow-private --db "$T/k.db" --json --no-context > "$T/out2.json" 2>/dev/null; rc=$?
after=$(wc -l < "$T/access.log")
check "a re-run inside the freshness window exits 0" test "$rc" = 0
check "a re-run inside the freshness window makes no request" test "$before" = "$after"
check "the re-run reports the same documents" python3 -c "import json; a=json.load(open('$T/out.json')); b=json.load(open('$T/out2.json')); assert [x['url'] for x in a['documents']]==[x['url'] for x in b['documents']]"
"$BIN" --source web --docs "$URL" --allow-private --crawl-delay-ms 0 --refresh --db "$T/k.db" --json --no-context > "$T/out-refresh.json" 2>/dev/null; rc=$?
check "a --refresh run exits 0 and reports the same documents (robots.txt is not one)" python3 -c "import json; a=json.load(open('$T/out.json')); b=json.load(open('$T/out-refresh.json')); assert $rc == 0; assert [x['url'] for x in a['documents']]==[x['url'] for x in b['documents']], ([x['url'] for x in a['documents']], [x['url'] for x in b['documents']]); assert not any(x['url'].endswith('/robots.txt') for x in b['documents'])"
"$BIN" --source web --docs "$URL" --offline --db "$T/k.db" --json --no-context > "$T/out3.json" 2>/dev/null; rc=$?
check "offline answers from the cache" bash -c "test $rc = 0 && python3 -c \"import json; d=json.load(open('$T/out3.json')); assert d['source']['from_cache'] and len(d['documents'])>=3\""
"$BIN" --source web2 --docs "$URL" --db "$T/k.db" --json --no-context > /dev/null 2> "$T/err4"; rc=$?
check "loopback without --allow-private is refused and says so" bash -c "test $rc = 3 && grep -qi 'refused' '$T/err4'"
"$BIN" --source web3 --spec "http://169.254.169.254/openapi.json" --allow-private --timeout 2 --db "$T/k.db" --no-context > /dev/null 2> "$T/err5"; rc=$?
check "the metadata address is refused even with --allow-private" bash -c "test $rc = 3 && grep -qi 'refused' '$T/err5'"
finish
