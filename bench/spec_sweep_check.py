#!/usr/bin/env python3
"""Checks bench/spec_sweep.sh results: crashes, hangs, memory, and per-spec invariants.

    spec_sweep_check.py OUT_DIR TIMEOUT_S WALL_S

OUT_DIR holds list.tsv (index, spec path, bytes) and per spec <i>.json (stdout), <i>.err and
<i>.time ("exit wall_s max_rss_kib", from /usr/bin/time). No labels: only facts the spec itself
can confirm are checked. Prints counts per invariant, then the worst offenders.
"""
import ipaddress
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

try:
    import yaml  # optional: the package's specs are JSON
except ImportError:  # pragma: no cover
    yaml = None

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
READ_POST = re.compile(r"(search|query|list|find|get|read|fetch|retrieve|info|sync|export|report|scan|describe|lookup)", re.I)
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "localhost")
INVARIANTS = ["crash", "hang", "rss", "bad_json", "locator", "quote", "endpoint", "paging_param",
              "entity_method", "base_url"]


def load_spec(path, text):
    if path.endswith(".json"):
        return json.loads(text)
    return yaml.safe_load(text) if yaml else None


def resolve_pointer(doc, pointer):
    if pointer in ("", "#"):
        return True, doc
    if pointer.startswith("#"):
        pointer = pointer[1:]
    if not pointer.startswith("/"):
        return False, None
    node = doc
    for raw in pointer[1:].split("/"):
        tok = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and tok in node:
            node = node[tok]
        elif isinstance(node, list) and tok.isdigit() and int(tok) < len(node):
            node = node[int(tok)]
        else:
            return False, None
    return True, node


def deref(doc, node, depth=0):
    while isinstance(node, dict) and "$ref" in node and depth < 20:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        ok, node = resolve_pointer(doc, ref[1:])
        if not ok:
            return None
        depth += 1
    return node


def body_names(doc, schema, prefix="", depth=0, out=None):
    """Property names of a request-body schema (allOf merged), dotted for nested objects."""
    out = set() if out is None else out
    schema = deref(doc, schema)
    if not isinstance(schema, dict) or depth > 3:
        return out
    for part in schema.get("allOf", []) + schema.get("oneOf", []) + schema.get("anyOf", []):
        body_names(doc, part, prefix, depth + 1, out)
    props = schema.get("properties")
    if isinstance(props, dict):
        for name, sub in props.items():
            out.add(prefix + name)
            body_names(doc, sub, prefix + name + ".", depth + 1, out)
    return out


def op_param_names(doc, path, method):
    item = deref(doc, (doc.get("paths") or {}).get(path))
    if not isinstance(item, dict):
        return None
    op = deref(doc, item.get(method))
    if not isinstance(op, dict):
        return None
    names = set()
    for p in list(item.get("parameters") or []) + list(op.get("parameters") or []):
        p = deref(doc, p)
        if isinstance(p, dict) and isinstance(p.get("name"), str):
            names.add(p["name"])
            if p.get("in") == "body":
                names |= body_names(doc, p.get("schema"))
    body = deref(doc, op.get("requestBody"))
    if isinstance(body, dict):
        for media in (body.get("content") or {}).values():
            if isinstance(media, dict):
                names |= body_names(doc, media.get("schema"))
    return names


def is_read_post(doc, path):
    """A POST documented as a read: its path or operationId says search/list/get/query..."""
    if READ_POST.search(path.rstrip("/").rsplit("/", 1)[-1]):
        return True
    item = deref(doc, (doc.get("paths") or {}).get(path))
    op = deref(doc, item.get("post")) if isinstance(item, dict) else None
    return isinstance(op, dict) and bool(READ_POST.match(str(op.get("operationId") or "")))


def has_op(doc, endpoint):
    method, _, path = endpoint.partition(" ")
    item = deref(doc, (doc.get("paths") or {}).get(path))
    return isinstance(item, dict) and method.lower() in item


def is_bad_host(url):
    host = (urlsplit(url).hostname or "").lower()
    if not host or "{" in url or "<" in url:
        return True
    if host.endswith(".local") or host.endswith(".localhost") or host in PLACEHOLDER_HOSTS:
        return True
    if host.endswith(".example.com") or host.endswith(".example"):
        return True
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
        return ip.is_loopback or ip.is_unspecified
    except ValueError:
        return False


def evidence_items(result):
    for section in ("base_urls", "auth", "pagination", "entities", "rate_limits", "api_versions"):
        for fact in result.get(section) or []:
            for ev in fact.get("evidence") or []:
                yield section, ev


def check_result(result, doc, text):
    bad = defaultdict(list)
    for section, ev in evidence_items(result):
        loc, quote = ev.get("locator") or "", ev.get("quote") or ""
        if not loc.startswith("/") and loc not in ("", "#"):
            continue  # prose locators (line numbers) are not JSON pointers
        ok, node = resolve_pointer(doc, loc)
        if not ok:
            bad["locator"].append(f"{section}: {loc}")
        elif quote and quote not in text and not (isinstance(node, str) and quote in node):
            # a sentence quoted from a JSON string is its decoded text (escapes resolved)
            bad["quote"].append(f"{section}: {loc}: {quote[:60]!r}")
    endpoints = [f'{e["method"]} {e["path"]}' for e in result.get("endpoints") or []]
    for e in result.get("entities") or []:
        for key in ("list", "get"):
            ref = e.get(key)
            if ref and ref.get("path"):
                ep = f'{ref["method"]} {ref["path"]}'
                endpoints.append(ep)
                if ref["method"] != "GET" and not (ref["method"] == "POST" and is_read_post(doc, ref["path"])):
                    bad["entity_method"].append(f'{e.get("name")}: {ep}')
    for p in result.get("pagination") or []:
        endpoints += p.get("endpoints") or []
    for ep in set(endpoints):
        if not has_op(doc, ep):
            bad["endpoint"].append(ep)
    for p in result.get("pagination") or []:
        names = set()
        for ep in p.get("endpoints") or []:
            method, _, path = ep.partition(" ")
            names |= op_param_names(doc, path, method.lower()) or set()
        for param in p.get("request_params") or []:
            if param not in names:
                bad["paging_param"].append(f'{p.get("style")}: {param}')
    for b in result.get("base_urls") or []:
        if is_bad_host(b.get("url") or ""):
            bad["base_url"].append(b.get("url"))
    return bad


def main():
    out_dir, timeout, wall = Path(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    counts, specs_hit, offenders = Counter(), Counter(), []
    times, slow, errors = [], [], Counter()
    rows = [line.split("\t") for line in (out_dir / "list.tsv").read_text().splitlines() if line]
    for idx, path, size in rows:
        size = int(size)
        name = path.split("/package/api/", 1)[-1]
        tparts = (out_dir / f"{idx}.time").read_text().split()
        # GNU time prefixes "Command exited with non-zero status N" / "Command terminated by signal N"
        rc, secs, rss_kib = (int(tparts[-3]), float(tparts[-2]), int(tparts[-1])) if len(tparts) >= 3 else (-1, 0.0, 0)
        times.append(secs)
        slow.append((secs, name))
        bad = defaultdict(list)
        err = (out_dir / f"{idx}.err").read_text(errors="replace")
        if rc in (124, 137) or secs >= timeout:
            bad["hang"].append(f"{secs:.2f}s")
        elif rc >= 128 or rc < 0 or "terminate called" in err or "Sanitizer" in err:
            bad["crash"].append(f"exit {rc}: {err.strip()[-120:]}")
        elif rc != 0:
            errors[err.strip().splitlines()[0][:80] if err.strip() else f"exit {rc}"] += 1
        if rss_kib * 1024 > 8 * size + 32 * 1024 * 1024:
            bad["rss"].append(f"{rss_kib / 1024:.0f} MiB for {size / 1048576:.1f} MiB")
        if not bad["hang"] and not bad["crash"]:
            try:
                result = json.loads((out_dir / f"{idx}.json").read_text())
            except ValueError as e:
                result = None
                bad["bad_json"].append(str(e)[:80])
            if result is not None:
                text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
                try:
                    doc = load_spec(path, text)
                except ValueError:
                    doc = None
                if isinstance(doc, dict):
                    for k, v in check_result(result, doc, text).items():
                        bad[k] += v
        total = 0
        for k, v in bad.items():
            if v:
                counts[k] += len(v)
                specs_hit[k] += 1
                total += len(v)
        if total:
            offenders.append((total, name, {k: v[:3] for k, v in bad.items() if v}))
    n = len(rows)
    times.sort()
    med = times[n // 2] if n else 0
    p99 = times[min(n - 1, int(n * 0.99))] if n else 0
    print(f"specs run: {n}; wall {wall:.0f} s; per spec: median {med:.3f} s, p99 {p99:.3f} s, max {times[-1] if n else 0:.3f} s")
    print("invariant        violations  specs")
    for k in INVARIANTS:
        print(f"{k:<16} {counts[k]:>10}  {specs_hit[k]:>5}")
    if errors:
        print("non-zero exits (refused input, not crashes):")
        for msg, c in errors.most_common(8):
            print(f"  {c:>4}  {msg}")
    print("worst offenders:")
    for total, name, detail in sorted(offenders, key=lambda x: (-x[0], x[1]))[:15]:
        print(f"  {total:>4}  {name}")
        for k, v in detail.items():
            for item in v:
                print(f"          {k}: {item}")
    print("slowest:")
    for secs, name in sorted(slow, reverse=True)[:5]:
        print(f"  {secs:.2f} s  {name}")


if __name__ == "__main__":
    main()
