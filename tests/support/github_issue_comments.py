"""Issue comments for the local GitHub server: list, create and update (a PR's comments).

Kept apart from the release routes: `GitHubServer` holds one `IssueComments` and hands it the
requests below /repos/{owner}/{repo}/issues. Any issue number is taken to exist (a pull request
is an issue). `read_only = True` answers writes as GitHub answers a read-only workflow token
(a pull request from a fork): 403 "Resource not accessible by integration".
"""

from __future__ import annotations

import itertools
import re
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.support.github_server import GitHubServer, Reply, _Repo

JSON = dict[str, Any]


class IssueComments:
    """Comments per repository and issue number."""

    def __init__(self) -> None:
        self.read_only = False
        self._comments: dict[tuple[str, int], list[JSON]] = {}
        self._ids = itertools.count(5000)
        self._lock = threading.RLock()

    def of(self, number: int, repository: str = "octo-org/demo") -> list[JSON]:
        """The comments of one issue or pull request, oldest first (copies)."""
        with self._lock:
            return [dict(c) for c in self._comments.get((repository, number), [])]

    def route(
        self,
        server: GitHubServer,
        repo: _Repo,
        method: str,
        rest: str,
        query: dict[str, str],
        body: bytes,
    ) -> Reply:
        """The answer to a request below /issues/ (404 for what is not a comment route)."""
        from tests.support.github_server import _ApiError, _json_body, _page

        slug = f"{repo.owner}/{repo.name}"
        if found := re.fullmatch(r"/issues/(\d+)/comments", rest):
            number = int(found[1])
            if method == "GET":
                base = f"{server.api_url}/repos/{slug}/issues/{number}/comments"
                return _page(self.of(number, slug), query, base)
            if method == "POST":
                self._check_writable()
                return self._create(server, slug, number, _json_body(body))
        if method == "PATCH" and (found := re.fullmatch(r"/issues/comments/(\d+)", rest)):
            self._check_writable()
            return self._update(slug, int(found[1]), _json_body(body))
        raise _ApiError(404, "Not Found")

    def _check_writable(self) -> None:
        from tests.support.github_server import _ApiError

        if self.read_only:
            raise _ApiError(403, "Resource not accessible by integration")

    def _create(self, server: GitHubServer, slug: str, number: int, data: JSON) -> Reply:
        from tests.support.github_server import _ApiError, _now

        text = data.get("body")
        if not isinstance(text, str):
            error = {"resource": "IssueComment", "code": "missing_field", "field": "body"}
            raise _ApiError(422, "Validation Failed", [error])
        comment_id = next(self._ids)
        now = _now()
        partial = {
            "id": comment_id,
            "node_id": f"IC_{comment_id}",
            "url": f"{server.api_url}/repos/{slug}/issues/comments/{comment_id}",
            "html_url": f"https://github.com/{slug}/pull/{number}#issuecomment-{comment_id}",
            "issue_url": f"{server.api_url}/repos/{slug}/issues/{number}",
            "body": text,
            "user": server._user(),
            "author_association": "NONE",
            "created_at": now,
            "updated_at": now,
        }
        comment = server.contract.fill_required("issue-comment", partial)
        with self._lock:
            self._comments.setdefault((slug, number), []).append(comment)
        return 201, comment, {"Location": comment["url"]}

    def _update(self, slug: str, comment_id: int, data: JSON) -> Reply:
        from tests.support.github_server import _ApiError, _now

        with self._lock:
            for (owner, _), comments in self._comments.items():
                for comment in comments:
                    if owner == slug and comment["id"] == comment_id:
                        if isinstance(data.get("body"), str):
                            comment["body"] = data["body"]
                        comment["updated_at"] = _now()
                        return 200, comment, {}
        raise _ApiError(404, "Not Found")
