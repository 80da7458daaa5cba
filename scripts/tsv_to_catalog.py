#!/usr/bin/env python3
"""One-off provenance tool: converts shared/catalog-facts.tsv into config/catalog.yaml.

Run once by hand (python3 scripts/tsv_to_catalog.py ../shared/catalog-facts.tsv > config/catalog.yaml);
the binary never reads the TSV. Only rows with verified=yes are kept; the TSV's `evidence` column
becomes the `cite` of each location. Aliases come from the display name plus the table below.
"""
import csv
import re
import sys

# Extra aliases: OpenMetadata connector directory names (OPENMETADATA.md section 4) and common
# spellings. Spellings that differ only by case, '-', '_' or spaces are folded by the loader.
EXTRA_ALIASES = {
    "powerbi": ["power-bi", "power_bi"],
    "microstrategy": ["mstr", "strategy"],
    "qlik-sense": ["qliksense"],
    "qlik-cloud": ["qlikcloud"],
    "domo": ["domodashboard", "domopipeline", "domodatabase"],
    "dbt-cloud": ["dbtcloud"],
    "databricks": ["databrickspipeline", "databricks-jobs"],
    "glue": ["gluepipeline", "aws-glue"],
    "kafka-connect": ["kafkaconnect"],
    "vertex-ai": ["vertexai"],
    "mongodb-atlas": ["mongodb", "atlas-admin"],
    "adls": ["azure-blob-storage", "azure-data-lake"],
    "sigma": ["sigma-computing"],
    "sas": ["sas-viya"],
    "kafka": ["confluent", "schema-registry"],
    "s3": ["aws-s3"],
    "elasticsearch": ["elastic"],
    "jira": ["jira-cloud"],
    "confluence": ["confluence-cloud"],
}

KNOWN_HOST_SPECS = {  # non-OpenAPI spec formats, recognised from the file name or URL
    ".graphql": "graphql",
    ".proto": "protobuf",
}


def fold(s):
    return re.sub(r"[-_ ]", "", s.lower())


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def display_slugs(display):
    base = re.sub(r"\(.*?\)", "", display)
    return [slug(part) for part in base.split("/") if slug(part)]


def github_url(value):
    """github:owner/repo[:path] -> (url, is_file)."""
    rest = value[len("github:"):]
    repo, _, path = rest.partition(":")
    if not path:
        return f"https://github.com/{repo}", False
    if path.endswith("/"):
        return f"https://github.com/{repo}/tree/HEAD/{path.rstrip('/')}", False
    return f"https://raw.githubusercontent.com/{repo}/HEAD/{path}", True


def spec_format(value, evidence):
    for ext, fmt in KNOWN_HOST_SPECS.items():
        if value.endswith(ext):
            return fmt
    if "$discovery" in value or "Google Discovery" in evidence:
        return "google-discovery"
    if "aws-sdk-js" in value and value.endswith(".normal.json"):
        return "aws-service-model"
    if "JSON Schema" in evidence:
        return "json-schema"
    if "legacy JSON REST spec" in evidence:
        return "elasticsearch-rest-spec"
    return None


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def convert(rows):
    sources = {}
    for r in rows:
        if r["verified"] != "yes":
            continue
        src = sources.setdefault(r["source"], {
            "name": r["source"], "display_name": r["display_name"],
            "service_type": r["service_type"], "interface": r["interface"],
            "docs": [], "specs": [], "sdks": []})
        kind, value, ev = r["kind"], r["value"], r["evidence"]
        cite = ev
        if kind in ("docs", "spec"):
            url, is_file = value, True
            if value.startswith("github:"):
                url, is_file = github_url(value)
                cite = f"{value}: {ev}"
            if kind == "spec" and is_file:
                src["specs"].append({"url": url, "format": spec_format(value, ev), "cite": cite})
            else:  # a repository or folder holding specs is a page to crawl, not a spec file
                src["docs"].append({"url": url, "cite": cite})
        elif kind == "spec-npm":
            m = re.search(r"(\d+\.\d+\.\d+)", ev)
            if not m:
                sys.exit(f"no version for {r['source']} {value}")
            path = r["path_in_package"]
            path = path[len("package/"):] if path.startswith("package/") else path
            src["specs"].append({"package": f"npm:{value}@{m.group(1)}", "path": path,
                                 "format": spec_format(path, ev), "cite": cite})
        elif kind in ("sdk-npm", "sdk-pypi"):
            eco = "npm" if kind == "sdk-npm" else "pypi"
            src["sdks"].append({"package": f"{eco}:{value}", "cite": cite})
        else:
            sys.exit(f"unknown kind {kind}")
    for src in sources.values():
        seen = {fold(src["name"])}
        aliases = []
        for a in display_slugs(src["display_name"]) + EXTRA_ALIASES.get(src["name"], []):
            if fold(a) not in seen:
                seen.add(fold(a))
                aliases.append(a)
        src["aliases"] = aliases
    return sources


def emit_location(out, loc):
    first = True
    for key in ("url", "package", "path", "format", "cite"):
        if loc.get(key) is None:
            continue
        out.append(f"      {'- ' if first else '  '}{key}: {q(loc[key])}")
        first = False


def emit(sources, header):
    out = [header.rstrip("\n"), "", "version: 1", "sources:"]
    for src in sources.values():
        out.append(f"  - name: {src['name']}")
        out.append(f"    display_name: {q(src['display_name'])}")
        out.append(f"    service_type: {src['service_type']}")
        out.append(f"    interface: {src['interface']}")
        out.append("    aliases: [" + ", ".join(q(a) for a in src["aliases"]) + "]")
        for key in ("docs", "specs", "sdks"):
            if not src[key]:
                continue
            out.append(f"    {key}:")
            for loc in src[key]:
                emit_location(out, loc)
    return "\n".join(out) + "\n"


HEADER = """\
# om-research built-in catalog (schema "om-research/catalog/v1"), compiled into the binary.
# Override it whole with `--catalog <file>` or $XDG_CONFIG_HOME/om-research/catalog.yaml.
# Generated once from shared/catalog-facts.tsv (rows with verified=yes) by
# scripts/tsv_to_catalog.py; edit by hand from now on, always with a citation.
#
# Schema (unknown keys and wrong types are errors naming the file, line and key path):
#   version: 1
#   sources:                          list of entries
#     - name: <slug>                  required, unique; lookups fold case and '-', '_', ' '
#       display_name: <text>          required
#       service_type: <type>          required: database|dashboard|pipeline|messaging|mlmodel|
#                                     storage|search|api (OpenMetadata service types)
#       interface: <text>             optional: REST|GraphQL|SDK|SQL
#       aliases: [<name>, ...]        optional; other names for lookup (folded like `name`)
#       docs:                         optional; documentation roots to crawl
#         - url: <http(s) URL>        required
#           cite: <text>              required: where this location was verified
#       specs:                        optional; API descriptions, either a URL ...
#         - url: <http(s) URL>
#           format: <fmt>             optional, default openapi (openapi covers Swagger 2.0);
#                                     also graphql|protobuf|google-discovery|aws-service-model|
#                                     json-schema|elasticsearch-rest-spec
#           cite: <text>              required
#         - package: npm:<pkg>@<ver>  ... or a file inside a pinned package
#           path: <path>              required with package; relative to the package root
#                                     (the npm tarball's leading "package/" is left out)
#           format: <fmt>             optional, as above
#           cite: <text>              required
#       sdks:                         optional; SDK packages
#         - package: npm:<pkg>[@<ver>] | pypi:<pkg>[==<ver>]
#           cite: <text>              required
#       hosts:                        optional; extra hosts in scope besides those of the URLs
#         - host: <hostname>
#           cite: <text>              required
# A github:owner/repo:path location from the TSV is written as a raw.githubusercontent.com URL
# at HEAD; its cite keeps the original value and the commit it was verified at.
"""


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/catalog-facts.tsv"
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    sys.stdout.write(emit(convert(rows), HEADER))


if __name__ == "__main__":
    main()
