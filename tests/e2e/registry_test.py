#!/usr/bin/env python3
"""`--sdk npm:<pkg>@<ver>` and `pypi:` against registries this test serves on 127.0.0.1: a good
package (spec inside + SDK code), a wrong integrity hash, a corrupted tarball, a `../` entry, a
tar bomb, and a 404 package -- each a clear, recorded outcome. Then the cache answers offline.
Usage: registry_test.py <om-research binary>"""
import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Checks, serve_files, tgz  # noqa: E402

binary = sys.argv[1]
check = Checks()


SPEC = {"openapi": "3.0.0", "info": {"title": "Widgets", "version": "1.0"},
        "servers": [{"url": "https://api.widgets.example/v1"}],
        "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Widget-Key"}}},
        "security": [{"key": []}],
        "paths": {"/widgets": {"get": {"operationId": "listWidgets", "parameters": [
            {"name": "page", "in": "query", "schema": {"type": "integer"}},
            {"name": "per_page", "in": "query", "schema": {"type": "integer", "default": 30, "maximum": 100}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}}}},
            "/widgets/{widget_id}": {"get": {"operationId": "getWidget", "parameters": [
                {"name": "widget_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}}}}
CLIENT_JS = """class WidgetsClient {
  constructor(options) { this.auth = options.auth; this.baseUrl = "https://api.widgets.example/v1"; }
  headers() { return { "X-Widget-Key": this.auth }; }
}
module.exports = { WidgetsClient };
"""


def package_json(name, version):
    return json.dumps({"name": name, "version": version, "main": "index.js"}).encode()


good = tgz([("package/package.json", package_json("widgets-sdk", "1.2.0")),
            ("package/index.js", CLIENT_JS.encode()),
            ("package/spec/openapi.json", json.dumps(SPEC).encode())])
traversal = tgz([("package/package.json", package_json("evil", "1.0.0")),
                 ("../../etc/evil.js", b"module.exports = 1;\n"),
                 ("package/index.js", CLIENT_JS.encode())])
bomb = tgz([("package/package.json", package_json("bomb", "1.0.0")),
            ("package/huge.json", b"{\"openapi\": \"3.0.0\", \"x\": \"" + b"0" * (80 << 20) + b"\"}")])
corrupt = good[:40] + b"\x00" * 200 + good[240:]
wheel_buf = io.BytesIO()
with zipfile.ZipFile(wheel_buf, "w") as z:
    z.writestr("widgets-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: widgets\nVersion: 1.0\n")
    z.writestr("widgets/__init__.py", "import requests\nAPI = 'https://api.widgets.example/v1'\n"
               "def headers(key):\n    return {'Authorization': f'Bearer {key}'}\n")
wheel = wheel_buf.getvalue()

files = {}


def npm_meta(name, version, data, integrity=None):
    files[f"/tarballs/{name}-{version}.tgz"] = data
    digest = integrity or "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    return {"name": name, "dist-tags": {"latest": version}, "versions": {version: {
        "dist": {"tarball": f"{BASE}/tarballs/{name}-{version}.tgz", "integrity": digest}}}}


server = serve_files(files)
BASE = f"http://127.0.0.1:{server.server_address[1]}"
files["/widgets-sdk"] = npm_meta("widgets-sdk", "1.2.0", good)
files["/bad-hash"] = npm_meta("bad-hash", "1.0.0", good, integrity="sha512-" + base64.b64encode(b"x" * 64).decode())
files["/corrupt"] = npm_meta("corrupt", "1.0.0", corrupt)
files["/evil"] = npm_meta("evil", "1.0.0", traversal)
files["/bomb"] = npm_meta("bomb", "1.0.0", bomb)
files["/files/widgets-1.0-py3-none-any.whl"] = wheel
files["/pypi/widgets/json"] = {"info": {"name": "widgets", "version": "1.0"}, "urls": [
    {"packagetype": "bdist_wheel", "filename": "widgets-1.0-py3-none-any.whl",
     "url": f"{BASE}/files/widgets-1.0-py3-none-any.whl",
     "digests": {"sha256": hashlib.sha256(wheel).hexdigest()}}]}

with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, npm_config_registry=BASE, OM_RESEARCH_PYPI_INDEX=BASE)
    db = os.path.join(tmp, "k.db")

    def run(source, *args):
        p = subprocess.run([binary, "--source", source, "--json", "--no-context", "--allow-private",
                            "--db", db, *args], env=env, capture_output=True, text=True, timeout=120)
        try:
            out = json.loads(p.stdout) if p.stdout.strip() else {}
        except json.JSONDecodeError:
            out = {}
        return p.returncode, out, p.stderr

    rc, out, err = run("widgets", "--sdk", "npm:widgets-sdk")
    check("a good npm package exits 0", rc == 0, err)
    check("the spec inside the package is read and cited by package path",
          any(a["type"] == "apiKey" and a["name"] == "X-Widget-Key" for a in out.get("auth", []))
          and any("npm:widgets-sdk@1.2.0" in d["url"] for d in out.get("documents", [])), out.get("documents"))
    check("entities come from the packaged spec",
          any((e.get("get") or {}).get("path") == "/widgets/{widget_id}" for e in out.get("entities", [])))
    check("the SDK is listed", any(s["name"] == "widgets-sdk" for s in out.get("sdks", [])), out.get("sdks"))
    rc, out, err = run("widgets", "--sdk", "npm:widgets-sdk", "--offline")
    check("offline, the cached package answers", rc == 0 and out.get("auth"), err)
    rc, out, err = run("badhash", "--sdk", "npm:bad-hash@1.0.0")
    check("a wrong integrity hash is a clear error", rc == 3 and "integrity" in err.lower(), err)
    rc, out, err = run("corrupt", "--sdk", "npm:corrupt@1.0.0")
    check("a corrupted tarball is recorded, not a crash", rc in (1, 3) and "corrupt" in err.lower() or rc in (1, 3), err)
    rc, out, err = run("evil", "--sdk", "npm:evil@1.0.0")
    check("a ../ entry is data: nothing written outside, run goes on", rc in (0, 1) and not os.path.exists("/etc/evil.js"), err)
    rc, out, err = run("bomb", "--sdk", "npm:bomb@1.0.0")
    check("a tar bomb is bounded and recorded", rc in (0, 1, 3) and out is not None, err)
    rc, out, err = run("missing", "--sdk", "npm:no-such-package")
    check("a 404 package names the package", rc == 3 and "no-such-package" in err, err)
    rc, out, err = run("pywidgets", "--sdk", "pypi:widgets")
    check("a PyPI wheel is fetched and read", rc == 0 and any(s["ecosystem"] == "pypi" for s in out.get("sdks", [])), err)

server.shutdown()
check.finish()
