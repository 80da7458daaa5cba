// `om-research mcp` driven by the official MCP TypeScript SDK client (@modelcontextprotocol/sdk,
// pinned and installed under the build folder by scripts/setup.sh), as Claude Code or Cursor
// would: every tool, a 120-page loopback crawl with progress while pings are answered, a
// cancellation mid-crawl, max_seconds, result sizes on a cache of >= 100 documents, errors.
// Pages come from a node http server on 127.0.0.1 started and stopped here: no internet.
// Usage: node mcp_sdk_test.mjs <om-research binary> <repo root> <sdk folder>
// Exits 77 (ctest: skipped) only when the SDK is not installed in <sdk folder>.
// OM_SDK_TEST_PAGE_MS sets the crawled pages' delay (default 60 ms; 600 makes the crawl outlast
// the 60 s request timeout, which then holds only because progress resets it).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [binary, , sdkDir] = process.argv.slice(2);
const sdkRoot = path.join(sdkDir ?? "", "node_modules", "@modelcontextprotocol", "sdk");
if (!fs.existsSync(path.join(sdkRoot, "package.json"))) {
  console.log(`SKIP: the MCP SDK is not installed in ${sdkDir} (scripts/setup.sh installs it ` +
    "with npm; npm was unreachable or the set-up did not run)");
  process.exit(77);
}
const sdkVersion = JSON.parse(fs.readFileSync(path.join(sdkRoot, "package.json"))).version;
const load = (p) => import(pathToFileURL(path.join(sdkRoot, "dist", "esm", p)).href);
const { Client } = await load("client/index.js");
const { StdioClientTransport } = await load("client/stdio.js");

let passed = 0;
let failed = 0;
function check(what, cond, detail = "") {
  if (cond) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL: ${what} ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
  }
}
const figures = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const textOf = (r) => r.content?.[0]?.text ?? "";
const bodyOf = (r) => r.structuredContent ?? JSON.parse(textOf(r));

// A docs site: /<site>/ links to <pages> pages, each answered after <delay> ms.
function startSite() {
  const sites = { fast: { pages: 120, delay: Number(process.env.OM_SDK_TEST_PAGE_MS ?? 60) }, slow: { pages: 100, delay: 250 } };
  const server = http.createServer((req, res) => {
    const [, site, page] = req.url.split("/");
    const spec = sites[site];
    if (!spec) {
      res.writeHead(404).end("not found");
      return;
    }
    const html = (body) => `<html><head><title>${site} ${page}</title></head><body>${body}</body></html>`;
    if (!page) {
      let links = "";
      for (let i = 0; i < spec.pages - 1; i++) links += `<a href="/${site}/p${i}.html">page ${i}</a> `;
      res.writeHead(200, { "Content-Type": "text/html" }).end(html(`<h1>Acme API</h1>${links}`));
      return;
    }
    setTimeout(() => {
      const n = page.replace(/\D/g, "");
      res.writeHead(200, { "Content-Type": "text/html" }).end(html(
        `<h1>Widgets ${n}</h1><h2>Authentication</h2><p>Send the header Authorization: Bearer ` +
        `&lt;token&gt; with every request.</p><h2>Pagination</h2><p>GET /v1/widgets${n} returns ` +
        `at most 100 items; pass the cursor from next_cursor to get the next page.</p>`));
    }, spec.delay);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const site = await startSite();
const base = `http://127.0.0.1:${site.address().port}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "om-mcp-sdk-"));
const db = path.join(tmp, "k.db");
const transport = new StdioClientTransport({
  command: binary,
  args: ["mcp", "--db", db, "--allow-private", "--crawl-delay-ms", "0", "--concurrency", "4",
    "--max-pages", "500"],
  stderr: "ignore",
});
const client = new Client({ name: "om-research-sdk-test", version: "1.0.0" });
client.onerror = () => {}; // the partial answer to a cancelled request arrives unasked for
try {
  await client.connect(transport);
  // The partial answer to a cancelled call: the SDK drops it, so watch the transport.
  const answers = [];
  const onmessage = transport.onmessage;
  transport.onmessage = (msg, extra) => {
    if (msg.result?.structuredContent?.partial) answers.push({ at: now(), msg });
    onmessage(msg, extra);
  };

  const { tools } = await client.listTools();
  check("tools/list names the four tools",
    JSON.stringify(tools.map((t) => t.name).sort()) === '["lookup","research","search","sources"]');

  // 1. A 120-page crawl: a 60 s request timeout that resets on progress, pings meanwhile.
  const progress = [];
  const pings = [];
  let crawling = true;
  const pinger = (async () => {
    await sleep(200);
    while (crawling) {
      const t0 = now();
      await client.ping();
      pings.push(now() - t0);
      await sleep(250);
    }
  })();
  const t0 = now();
  let research;
  try {
    research = await client.callTool(
      { name: "research", arguments: { source: "loopdocs", docs: [`${base}/fast/`] } },
      undefined,
      { timeout: 60000, resetTimeoutOnProgress: true,
        onprogress: (p) => progress.push({ at: now(), ...p }) });
  } catch (e) {
    research = { isError: true, content: [{ type: "text", text: String(e) }] };
  }
  crawling = false;
  await pinger;
  figures.crawl_seconds = ((now() - t0) / 1000).toFixed(1);
  check("the 120-page crawl completes", research && !research.isError, textOf(research));
  const summary = research.isError ? {} : bodyOf(research);
  figures.crawl_documents = summary.summary?.documents;
  check("research read >= 100 documents", summary.summary?.documents >= 100, summary.summary);
  check("research's result is <= 20,000 characters", textOf(research).length <= 20000,
    textOf(research).length);
  check("progress notifications came, each with a message",
    progress.length >= 2 && progress.every((p) => typeof p.message === "string" && p.message),
    progress.slice(0, 3));
  check("progress messages say pages done and queued",
    progress.some((p) => /page\(s\) done, \d+ queued/.test(p.message)), progress.map((p) => p.message));
  const gaps = progress.map((p, i) => (i ? p.at - progress[i - 1].at : p.at - t0));
  figures.progress_max_gap_ms = Math.round(Math.max(...gaps));
  check("progress at least every 2 s", Math.max(...gaps) < 2500, gaps);
  check("progress increases", progress.every((p, i) => !i || p.progress > progress[i - 1].progress));
  pings.sort((a, b) => a - b);
  figures.ping_during_crawl_ms = {
    n: pings.length, median: pings[Math.floor(pings.length / 2)]?.toFixed(1),
    max: pings[pings.length - 1]?.toFixed(1) };
  check("pings were answered during the crawl", pings.length >= 3, pings.length);
  check("pings during the crawl take < 100 ms (95 %)",
    pings[Math.floor(pings.length * 0.95)] < 100, pings);

  // 2. Cancel mid-crawl: the server stops and answers (partial) within 1 s.
  const controller = new AbortController();
  const slow = client.callTool(
    { name: "research", arguments: { source: "slowdocs", docs: [`${base}/slow/`] } },
    undefined, { signal: controller.signal, timeout: 60000, resetTimeoutOnProgress: true });
  await sleep(2500);
  const cancelledAt = now();
  controller.abort("test cancels");
  await slow.then(() => check("a cancelled call rejects in the client", false), () => {});
  const deadline = now() + 5000;
  while (!answers.length && now() < deadline) await sleep(10);
  const partial = answers[0];
  figures.cancel_to_answer_ms = partial ? Math.round(partial.at - cancelledAt) : null;
  check("after a cancel the server answers within 1 s", partial && partial.at - cancelledAt <= 1000,
    figures.cancel_to_answer_ms);
  check("the cancelled answer is marked partial, cancelled",
    partial?.msg.result.structuredContent.stopped === "cancelled", partial?.msg.result);
  const t1 = now();
  await client.ping();
  check("the server answers right after a cancel", now() - t1 < 100);

  // 3. max_seconds: a time budget returns what was gathered, partial.
  const t2 = now();
  const budget = await client.callTool({ name: "research", arguments: {
    source: "slowdocs", docs: [`${base}/slow/`], refresh: true, max_seconds: 1 } });
  const budgetBody = bodyOf(budget);
  check("max_seconds returns within 2.5 s", now() - t2 < 2500, now() - t2);
  check("max_seconds marks the result partial",
    budgetBody.partial === true && budgetBody.stopped === "max_seconds", budgetBody);

  // 4. Every tool on the >= 100-document cache: sizes, paging, detail.
  let maxSize = 0;
  const sized = async (name, args) => {
    const t = now();
    const r = await client.callTool({ name, arguments: args });
    if (name === "lookup" && figures.lookup_first_ms === undefined) {
      figures.lookup_first_ms = (now() - t).toFixed(1); // assembles the Research JSON
    }
    const size = Math.max(textOf(r).length, JSON.stringify(r.structuredContent ?? {}).length);
    maxSize = Math.max(maxSize, size);
    check(`${name} ${JSON.stringify(args)} is <= 20,000 characters`, size <= 20000, size);
    return r;
  };
  for (const topic of ["all", "auth", "pagination", "entities", "endpoints", "rate-limits", "sdks",
    "base-urls", "gaps", "documents"]) {
    const r = await sized("lookup", { source: "loopdocs", topic });
    check(`lookup ${topic} is no error`, !r.isError, textOf(r));
  }
  const pagination = bodyOf(await sized("lookup", { source: "loopdocs", topic: "pagination" }));
  check("lookup pagination gives facts with evidence", pagination.facts?.pagination?.length >= 1,
    pagination);
  let cursor;
  const urls = new Set();
  for (let page = 0; page < 50; page++) {
    const r = bodyOf(await sized("lookup", { source: "loopdocs", topic: "documents", limit: 40,
      ...(cursor ? { cursor } : {}) }));
    for (const d of r.items?.documents ?? []) urls.add(d.url);
    cursor = r.next_cursor;
    if (!cursor) break;
  }
  figures.documents_paged = urls.size;
  check("paging lists every document once", urls.size >= 100, urls.size);
  const one = bodyOf(await sized("lookup", { source: "loopdocs", detail: "documents/0" }));
  check("detail gives one document whole", typeof one.item?.sha256 === "string", one);
  const hits = bodyOf(await sized("search", { source: "loopdocs", query: "cursor", limit: 100 }));
  check("search finds the pages", hits.hits?.length >= 10, hits);
  const none = await sized("search", { source: "loopdocs", query: "zyzzyvaquux" });
  check("zero hits is a normal, empty result", !none.isError && bodyOf(none).hits.length === 0,
    none);
  await sized("sources", {});
  const tableau = await sized("sources", { name: "tableau" });
  check("sources resolves a name", textOf(tableau).includes("tableau"));
  figures.max_result_chars = maxSize;

  // 5. Errors the model can see.
  const missing = await client.callTool({ name: "lookup", arguments: { source: "never-seen" } });
  check("a lookup of an uncached source is isError with a plain message",
    missing.isError === true && !textOf(missing).startsWith("om-research:") &&
    !textOf(missing).endsWith("\n"), missing);
  const bad = await client.callTool({ name: "search", arguments: { source: "x", query: "q", limit: 0 } });
  check("bad arguments are isError results", bad.isError === true && /limit/.test(textOf(bad)), bad);

  // 6. lookup latency.
  const times = [];
  for (let i = 0; i < 60; i++) {
    const t = now();
    await client.callTool({ name: "lookup", arguments: { source: "loopdocs", topic: "auth" } });
    times.push(now() - t);
  }
  times.sort((a, b) => a - b);
  figures.lookup_ms = { p50: times[30].toFixed(1), p95: times[56].toFixed(1) };
} finally {
  await client.close().catch(() => {});
  site.close();
  if (process.env.OM_SDK_TEST_KEEP) console.log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`figures (SDK ${sdkVersion}): ${JSON.stringify(figures)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
