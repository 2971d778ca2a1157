"""Extract the GitHub REST operations releaser uses from GitHub's official OpenAPI description.

The full description (npm `@octokit/openapi`, `generated/api.github.com.json`) is 13 MB; the
tests need only the release operations and the components they reference. This script copies
those operations and their `$ref` closure into tests/support/github-openapi-releases.json and
records which package and version they came from.

Usage (from the repository root, after `npm ci`):

    python scripts/vendor_github_openapi.py [--source PATH] [--output PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "node_modules" / "@octokit" / "openapi"
DEFAULT_SOURCE = PACKAGE_DIR / "generated" / "api.github.com.json"
DEFAULT_OUTPUT = ROOT / "tests" / "support" / "github-openapi-releases.json"

OPERATIONS = (
    "repos/get",
    "repos/list-releases",
    "repos/create-release",
    "repos/get-release",
    "repos/get-release-by-tag",
    "repos/update-release",
    "repos/list-release-assets",
    "repos/upload-release-asset",
    "repos/delete-release",
    "repos/delete-release-asset",
    "repos/get-release-asset",  # download an asset (a draft's, to publish its bytes)
    # the release pull request (`releaser cut --via-pr`)
    "pulls/list",
    "pulls/create",
    "pulls/get",
    "pulls/update",
    # the sticky comment of `releaser preview` (a pull request's comments are issue comments)
    "issues/list-comments",
    "issues/create-comment",
    "issues/update-comment",
)
# Schemas the contract needs even though no kept operation references them.
EXTRA_SCHEMAS = ("basic-error",)
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _strip_examples(node: object, *, in_properties: bool = False) -> object:
    """Drop `example`/`examples` payloads: they are documentation and much of the size.

    Keys of a `properties` map are field names, so they are never dropped.
    """
    if isinstance(node, dict):
        return {
            k: _strip_examples(v, in_properties=(k == "properties" and not in_properties))
            for k, v in node.items()
            if in_properties or k not in {"example", "examples"}
        }
    if isinstance(node, list):
        return [_strip_examples(v) for v in node]
    return node


def _refs(node: object) -> set[str]:
    """All `$ref` targets inside a node."""
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref)
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


def _select_paths(spec: dict[str, Any]) -> dict[str, Any]:
    """Keep only the wanted operations (and path-level keys of their paths)."""
    paths: dict[str, Any] = {}
    seen: set[str] = set()
    for path, item in spec["paths"].items():
        kept = {
            method: op
            for method, op in item.items()
            if method in HTTP_METHODS and op.get("operationId") in OPERATIONS
        }
        if kept:
            extras = {k: v for k, v in item.items() if k not in HTTP_METHODS}
            paths[path] = {**extras, **kept}
            seen |= {op["operationId"] for op in kept.values()}
    missing = set(OPERATIONS) - seen
    if missing:
        raise SystemExit(f"operations not found in the source: {sorted(missing)}")
    return paths


def _component_closure(spec: dict[str, Any], roots: object) -> dict[str, dict[str, Any]]:
    """Copy every component reachable from `roots` through `$ref`."""
    components: dict[str, dict[str, Any]] = {}
    pending = _refs(roots) | {f"#/components/schemas/{name}" for name in EXTRA_SCHEMAS}
    done: set[str] = set()
    while pending:
        ref = pending.pop()
        if ref in done:
            continue
        done.add(ref)
        if not ref.startswith("#/components/"):
            raise SystemExit(f"unsupported $ref: {ref}")
        _, _, kind, name = ref.split("/", 3)
        target = _strip_examples(spec["components"][kind][name])
        components.setdefault(kind, {})[name] = target
        pending |= _refs(target) - done
    return {kind: dict(sorted(items.items())) for kind, items in sorted(components.items())}


def vendor(source: Path) -> dict[str, Any]:
    """Build the vendored subset from the full description at `source`."""
    spec = json.loads(source.read_text(encoding="utf-8"))
    package = json.loads((source.parent.parent / "package.json").read_text(encoding="utf-8"))
    paths = _strip_examples(_select_paths(spec))
    return {
        "openapi": spec["openapi"],
        "info": {
            **{k: spec["info"][k] for k in ("title", "version")},
            "x-vendored-from": {
                "package": package["name"],
                "version": package["version"],
                "file": "generated/api.github.com.json",
                "operations": list(OPERATIONS),
                "note": "subset made by scripts/vendor_github_openapi.py; examples removed",
            },
        },
        "servers": spec["servers"],
        "paths": paths,
        "components": _component_closure(spec, paths),
    }


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    subset = vendor(args.source)
    args.output.write_text(json.dumps(subset, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    size = args.output.stat().st_size
    print(f"wrote {args.output} ({size} bytes, {len(subset['paths'])} paths)")


if __name__ == "__main__":
    main()
