#!/usr/bin/env python3
"""`om-research mcp` driven through pipes as an MCP client would: initialize, tools/list,
tools/call research (local spec), lookup and search answered from the cache, errors.
Usage: mcp_test.py <om-research binary> <repo root>"""
import json
import os
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Checks  # noqa: E402

binary, root = sys.argv[1], sys.argv[2]
check = Checks()


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "k.db")
    proc = subprocess.Popen([binary, "mcp", "--db", db], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def send(msg):
        proc.stdin.write(json.dumps(msg) + "\n")
        proc.stdin.flush()

    def call(i, method, params=None):
        send({"jsonrpc": "2.0", "id": i, "method": method, "params": params or {}})
        while True:
            line = proc.stdout.readline()
            if not line:
                return None
            msg = json.loads(line)
            if msg.get("id") == i:
                return msg

    init = call(1, "initialize", {"protocolVersion": "2024-11-05", "capabilities": {},
                                  "clientInfo": {"name": "test", "version": "0"}})
    check("initialize answers with server info",
          init and init["result"]["serverInfo"]["name"] == "om-research", init)
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    tools = call(2, "tools/list")
    names = sorted(t["name"] for t in tools["result"]["tools"]) if tools else []
    check("tools/list names the four tools", names == ["lookup", "research", "search", "sources"], names)
    spec = os.path.join(root, "examples", "acme-bi", "openapi.yaml")
    res = call(3, "tools/call", {"name": "research", "arguments": {"source": "acme-bi", "spec": [spec],
                                                                  "service_type": "dashboard"}})
    body = json.loads(res["result"]["content"][0]["text"]) if res else {}
    check("research returns Research JSON", body.get("schema") == "om-research/research/v2", res)
    check("research finds the oauth2 scheme",
          any(a["type"] == "oauth2" for a in body.get("facts", {}).get("auth", [])), body)
    check("research's result is sized for an agent", len(res["result"]["content"][0]["text"]) <= 20000)
    look = call(4, "tools/call", {"name": "lookup", "arguments": {"source": "acme-bi", "topic": "pagination"}})
    lbody = json.loads(look["result"]["content"][0]["text"]) if look else {}
    check("lookup answers pagination from the cache",
          len(lbody.get("facts", {}).get("pagination", [])) >= 1, look)
    more = call(30, "tools/call", {"name": "research", "arguments": {
        "source": "acme-bi", "docs": [os.path.join(root, "examples", "acme-bi", "docs")]}})
    check("a second research adds the docs", more and more["result"]["isError"] is False, more)
    again = call(31, "tools/call", {"name": "lookup", "arguments": {"source": "acme-bi", "topic": "documents"}})
    abody = json.loads(again["result"]["content"][0]["text"]) if again else {}
    check("a lookup after a research sees its documents (no stale answer)",
          abody.get("summary", {}).get("documents", 0) > lbody.get("summary", {}).get("documents", 0),
          (abody.get("summary"), lbody.get("summary")))
    srch = call(5, "tools/call", {"name": "search", "arguments": {"source": "acme-bi", "query": "dashboards"}})
    check("search finds the cached spec", srch and not srch["result"].get("isError")
          and "openapi.yaml" in srch["result"]["content"][0]["text"], srch)
    src = call(6, "tools/call", {"name": "sources", "arguments": {"name": "power-bi"}})
    check("sources resolves an alias", src and "powerbi" in src["result"]["content"][0]["text"], src)
    miss = call(7, "tools/call", {"name": "lookup", "arguments": {"source": "never-researched"}})
    check("a lookup of an unknown source is a tool error", miss and miss["result"].get("isError") is True, miss)
    zero = call(20, "tools/call", {"name": "search", "arguments": {"source": "acme-bi", "query": "zyzzyvaquux"}})
    check("zero search hits is a normal empty result", zero and zero["result"]["isError"] is False
          and json.loads(zero["result"]["content"][0]["text"])["hits"] == [], zero)
    mtext = miss["result"]["content"][0]["text"] if miss else ""
    check("a tool error is a plain message", not mtext.startswith("om-research:")
          and not mtext.endswith("\n"), mtext)
    big = call(2**53 + 1, "ping")
    check("an id of 2^53+1 comes back exact", big is not None, big)
    bad = call(8, "no/such/method")
    check("an unknown method is -32601", bad and bad["error"]["code"] == -32601, bad)
    proc.stdin.write("{not json\n")
    proc.stdin.flush()
    perr = json.loads(proc.stdout.readline())
    check("bad JSON is -32700", perr.get("error", {}).get("code") == -32700, perr)
    proc.stdin.close()
    check("the server exits 0 at end of input", proc.wait(timeout=30) == 0)

# The agent file names every tool as agents see it, in the skills package's format; the example
# project registration starts this server.
agent = open(os.path.join(root, "docs", "connector-researcher.md")).read()
front = agent.split("---")[1] if agent.startswith("---") else ""
check("the agent file has name, description and an allowed-tools list",
      "\nname: connector-researcher" in front and "\ndescription: " in front
      and "\nallowed-tools:\n  - " in front, front)
for name in names:
    check(f"allowed-tools lists mcp__om-research__{name}", f"  - mcp__om-research__{name}\n" in front)
example = json.load(open(os.path.join(root, "examples", ".mcp.json")))["mcpServers"]["om-research"]
check("examples/.mcp.json starts `om-research mcp`",
      example["command"] == "om-research" and example["args"][0] == "mcp", example)

# The read-only tools never create the cache (nor its folders).
with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "no", "such", "k.db")
    proc = subprocess.Popen([binary, "mcp", "--db", db], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for i, (tool, args) in enumerate([("lookup", {"source": "acme-bi"}),
                                      ("search", {"source": "acme-bi", "query": "auth"})]):
        proc.stdin.write(json.dumps({"jsonrpc": "2.0", "id": i, "method": "tools/call",
                                     "params": {"name": tool, "arguments": args}}) + "\n")
    proc.stdin.close()
    out = [json.loads(line) for line in proc.stdout]
    proc.wait(timeout=30)
    check("lookup without a cache is a tool error", out and out[0]["result"]["isError"] is True, out)
    check("search without a cache is an empty result", len(out) > 1 and out[1]["result"]["isError"] is False, out)
    check("no file or folder was created", os.listdir(tmp) == [], os.listdir(tmp))

check.finish()
