#!/usr/bin/env python3
"""Writes a synthetic OpenAPI 3.0 JSON spec with N paths (default 100,000) for
bench/bigspec_bench.sh (issue #19 item 3): N/2 resources, each a paginated list and a get, with
an API key, a server, a 429 with rate-limit headers and a schema per resource. Deterministic.
    bench/bigspec_gen.py OUT.json [N]"""
import json
import sys


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    paths = {}
    schemas = {}
    limited = {"description": "Too Many Requests",
               "headers": {"X-RateLimit-Limit": {"schema": {"type": "integer"}},
                           "Retry-After": {"schema": {"type": "integer"}}}}
    for i in range(n // 2):
        name = f"Resource{i}"
        ref = {"$ref": f"#/components/schemas/{name}"}
        paths[f"/v1/resources{i}"] = {"get": {
            "operationId": f"listResources{i}", "summary": f"List resource {i}",
            "tags": [f"group{i % 97}"],
            "parameters": [
                {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                {"name": "cursor", "in": "query", "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "A page", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {
                        "data": {"type": "array", "items": ref},
                        "next_cursor": {"type": "string"}}}}}},
                "429": limited}}}
        paths[f"/v1/resources{i}/{{id}}"] = {"get": {
            "operationId": f"getResource{i}", "summary": f"Get resource {i}",
            "tags": [f"group{i % 97}"],
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": {"description": "One", "content": {
                "application/json": {"schema": ref}}}}}}
        schemas[name] = {"type": "object", "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}}}
    spec = {"openapi": "3.0.3",
            "info": {"title": "Big synthetic API", "version": "1.0.0"},
            "servers": [{"url": "https://api.example.com"}],
            "security": [{"apiKey": []}],
            "paths": paths,
            "components": {"schemas": schemas, "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}}}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(spec, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
