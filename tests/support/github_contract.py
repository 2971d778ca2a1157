"""GitHub's official OpenAPI description as a contract for the local GitHub server.

Every request the server receives and every response it sends is checked with openapi-core
against the vendored subset of `@octokit/openapi` (tests/support/github-openapi-releases.json,
made by scripts/vendor_github_openapi.py). Requests are presented as if sent to
https://api.github.com (REST) or https://uploads.github.com (asset uploads).

Known deviations, accepted on purpose (ALLOWED_DEVIATIONS below says why):
1. an empty `label` query parameter on uploads is dropped before validation;
2. an upload's body is validated as application/octet-stream whatever its Content-Type;
3. a 400, 401, 403, 404, 429 or 5xx response on an operation whose description does not list
   that status is validated against the `basic-error` schema instead;
4. an asset whose upload was cut off is listed with state `starter`, which the description's
   enum lacks: it is validated as `open`.

Headers are checked too: those the description declares (Location, Link) by openapi-core, and
the conventions GitHub documents in prose by `header_problems` (rate-limit headers are
integers, `Link` has well-formed `rel`s, uploads carry a Content-Type, JSON bodies say so).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from openapi_core import Config, OpenAPI
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC_PATH = Path(__file__).with_name("github-openapi-releases.json")
API_HOST = "https://api.github.com"
UPLOADS_HOST = "https://uploads.github.com"
OCTET_STREAM = "application/octet-stream"
GENERIC_ERROR_STATUSES = frozenset({400, 401, 403, 404, 429})
RATE_LIMIT_HEADERS = (
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-used",
)
LINK_PART = re.compile(r'^<(?P<url>[^>]+)>; rel="(?P<rel>next|last|first|prev)"$')

ALLOWED_DEVIATIONS = {
    "empty-label": "PyGithub's upload_asset() always sends `label=`; OpenAPI 3.0 forbids empty "
    "query values but GitHub accepts them",
    "upload-content-type": "the description lists only application/octet-stream for uploads, "
    "while GitHub takes the asset's media type from Content-Type",
    "unlisted-error-status": "GitHub answers 400/401/403/404/429/5xx on every route with a "
    "basic-error body, but not every operation lists them",
    "asset-state-starter": "GitHub lists an asset whose upload was cut off with state `starter`; "
    "the description's enum has only `uploaded` and `open`",
}


@functools.lru_cache(maxsize=1)
def load_spec() -> dict[str, Any]:
    """The vendored OpenAPI subset (parsed once per process)."""
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


class GitHubContract:
    """Validate exchanges against GitHub's OpenAPI description; collect readable violations."""

    def __init__(self, spec: Mapping[str, Any] | None = None) -> None:
        self.spec: dict[str, Any] = dict(spec if spec is not None else load_spec())
        # Validating the 13 MB description itself takes a minute and proves nothing new.
        self._api = OpenAPI.from_dict(self.spec, config=Config(spec_validator_cls=None))
        resource: Resource[Any] = DRAFT4.create_resource(self.spec)
        self._registry: Registry[Any] = Registry().with_resource("urn:gh", resource)

    @property
    def source(self) -> str:
        """Which package and version the description came from."""
        origin = self.spec["info"].get("x-vendored-from", {})
        return f"{origin.get('package', '?')}@{origin.get('version', '?')}"

    def check(
        self,
        *,
        method: str,
        path: str,
        query: Mapping[str, str],
        content_type: str | None,
        body: bytes,
        status: int,
        response_body: bytes,
        upload: bool,
        headers: Mapping[str, str] | None = None,
        response_headers: Mapping[str, str] | None = None,
    ) -> list[str]:
        """Violations of one exchange; `path` is GitHub's path, without /api/v3 or /api/uploads.

        `headers` and `response_headers` (names in any case) are checked when given.
        """
        where = f"{method.upper()} {path} -> {status}"
        sent = {k.lower(): v for k, v in (headers or {}).items()}
        answered = {k.lower(): v for k, v in (response_headers or {}).items()}
        request = self._request(method, path, query, content_type, body, upload, sent)
        problems = [f"{where}: request: {m}" for m in _messages(self._api, "request", request)]
        if headers is not None:
            found = _request_header_problems(sent, body, upload)
            problems += [f"{where}: request: {m}" for m in found]
        if response_headers is not None:
            problems += [
                f"{where}: response: {m}"
                for m in _response_header_problems(answered, status, response_body)
            ]
        response = MockResponse(
            _starter_as_open(response_body),
            status_code=status,
            headers={_title(k): v for k, v in answered.items()},
            content_type="application/json",
        )
        try:
            self._api.validate_response(request, response)
        except ResponseNotFound:
            if status in GENERIC_ERROR_STATUSES or status >= 500:  # deviation 3
                problems += [
                    f"{where}: response: {m}"
                    for m in self.schema_errors("basic-error", _json_or_text(response_body))
                ]
            else:
                problems.append(f"{where}: response: status {status} is not documented")
        except Exception as exc:
            problems += [f"{where}: response: {m}" for m in _describe(exc)]
        return problems

    def schema_errors(self, schema: str, instance: Any) -> list[str]:
        """Errors of `instance` against components/schemas/`schema`."""
        validator = OAS30Validator(
            {"$ref": f"urn:gh#/components/schemas/{schema}"},
            registry=self._registry,
            format_checker=OAS30Validator.FORMAT_CHECKER,
        )
        return [_format_error(e) for e in validator.iter_errors(instance)]

    def fill_required(self, schema: str, partial: Mapping[str, Any]) -> dict[str, Any]:
        """`partial` plus a placeholder for every required field it lacks (recursively)."""
        node = self.spec["components"]["schemas"][schema]
        filled = self._placeholder(node, depth=0)
        if not isinstance(filled, dict):
            raise TypeError(f"{schema} is not an object schema")
        return {**filled, **partial}

    def _request(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        content_type: str | None,
        body: bytes,
        upload: bool,
        headers: Mapping[str, str],
    ) -> MockRequest:
        args = dict(query)
        if upload:
            if args.get("label") == "":
                del args["label"]  # deviation "empty-label"
            content_type = OCTET_STREAM  # deviation "upload-content-type"
        return MockRequest(
            UPLOADS_HOST if upload else API_HOST,
            method.lower(),
            path,
            args=args,
            headers={_title(k): v for k, v in headers.items()},
            data=body or None,
            content_type=content_type or "application/json",
        )

    def _placeholder(self, node: Mapping[str, Any], depth: int) -> Any:
        """A value that satisfies `node`: required fields only, simplest choices."""
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            return self._placeholder(self.spec["components"]["schemas"][name], depth + 1)
        for key in ("allOf", "anyOf", "oneOf"):
            if key in node:
                return self._placeholder(node[key][0], depth + 1)
        if node.get("nullable") and depth > 0:
            return None
        if "enum" in node:
            return node["enum"][0]
        kind = node.get("type", "object")
        simple = {"integer": 0, "number": 0, "boolean": False, "array": []}
        if kind in simple:
            return simple[kind]
        if kind == "string":
            return _string_placeholder(node.get("format"))
        properties = node.get("properties", {})
        return {
            name: self._placeholder(properties.get(name, {"type": "string"}), depth + 1)
            for name in node.get("required", [])
        }


def _title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def _starter_as_open(data: bytes) -> bytes:
    """Deviation 4: an asset in state `starter` is validated as `open`."""
    if b'"starter"' not in data:
        return data
    parsed = json.loads(data)

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("state") == "starter" and "browser_download_url" in node:
                node["state"] = "open"
            for value in node.values():
                walk(value)

    walk(parsed)
    return json.dumps(parsed).encode()


def _request_header_problems(headers: Mapping[str, str], body: bytes, upload: bool) -> list[str]:
    """What GitHub's documentation asks of request headers beyond the description."""
    problems = []
    if upload and not headers.get("content-type"):
        problems.append("an upload must say its media type in Content-Type")
    if body and not headers.get("content-length") and not headers.get("transfer-encoding"):
        problems.append("a request with a body must send Content-Length")
    if body and not upload and not headers.get("content-type", "").startswith("application/json"):
        problems.append(f"a JSON body sent as {headers.get('content-type')!r}")
    return problems


def _response_header_problems(headers: Mapping[str, str], status: int, body: bytes) -> list[str]:
    """What GitHub documents in prose about response headers: rate limits, Link, media type."""
    problems = []
    for name in RATE_LIMIT_HEADERS:
        if name not in headers:
            problems.append(f"header {name} is missing (GitHub sends it on every answer)")
        elif not headers[name].isdigit():
            problems.append(f"header {name}: {headers[name]!r} is not an integer")
    if "retry-after" in headers and not headers["retry-after"].isdigit():
        problems.append(f"header retry-after: {headers['retry-after']!r} is not seconds")
    limited = status in (403, 429) and headers.get("x-ratelimit-remaining") == "0"
    if limited and "retry-after" not in headers and "x-ratelimit-reset" not in headers:
        problems.append("a rate-limit answer must say when to retry")
    parts = headers["link"].split(", ") if "link" in headers else []
    problems += [f"header link: malformed part {p!r}" for p in parts if not LINK_PART.match(p)]
    if body and not headers.get("content-type", "").startswith("application/json"):
        problems.append(f"a JSON body answered as {headers.get('content-type')!r}")
    if status == 204 and body:
        problems.append("a 204 answer has a body")
    return problems


def _string_placeholder(fmt: str | None) -> str:
    return {
        "date-time": "2026-01-01T00:00:00Z",
        "uri": "https://github.invalid/placeholder",
        "email": "placeholder@github.invalid",
    }.get(fmt or "", "placeholder")


def _messages(api: OpenAPI, kind: str, request: MockRequest) -> list[str]:
    try:
        api.validate_request(request)
    except Exception as exc:
        return _describe(exc)
    return []


def _describe(exc: BaseException) -> list[str]:
    """Readable lines for an openapi-core error, including the schema errors beneath it."""
    found = [_format_error(e) for e in _schema_errors(exc)]
    return found or [f"{type(exc).__name__}: {exc}"]


def _schema_errors(exc: BaseException | None) -> Iterator[Any]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield from getattr(exc, "schema_errors", None) or []
        exc = exc.__cause__ or exc.__context__


def _format_error(error: Any) -> str:
    location = "/".join(str(p) for p in error.absolute_path)
    return f"[{location}] {error.message}"


def _json_or_text(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return data.decode("utf-8", "replace")
