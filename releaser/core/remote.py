"""Git remote URLs: which forge repository a remote points at."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCP = re.compile(r"(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>[^/].*)")  # git@github.com:o/r.git
_URL = re.compile(r"(?:https?|ssh|git)://(?:[^@/]+@)?(?P<host>[^/:]+)(?::\d+)?/(?P<path>.+)")


@dataclass(frozen=True, slots=True)
class RemoteRepository:
    """A repository on a forge: host, owner and name."""

    host: str
    owner: str
    name: str

    @property
    def slug(self) -> str:
        """`owner/name`, as the GitHub API and GITHUB_REPOSITORY spell it."""
        return f"{self.owner}/{self.name}"

    @property
    def web_url(self) -> str:
        """The repository's web page."""
        return f"https://{self.host}/{self.slug}"


def parse_remote(url: str) -> RemoteRepository | None:
    """The repository an https, ssh or scp-style remote URL names, or None."""
    url = url.strip()
    match = _URL.fullmatch(url) or (None if "://" in url else _SCP.fullmatch(url))
    if match is None:
        return None
    parts = match["path"].strip("/").removesuffix(".git").split("/")
    if len(parts) != 2 or not all(parts):
        return None
    return RemoteRepository(match["host"].lower(), parts[0], parts[1])


def parse_slug(slug: str, host: str = "github.com") -> RemoteRepository | None:
    """`owner/name` as a repository on `host`, or None when it is not of that form."""
    parts = slug.strip().split("/")
    if len(parts) != 2 or not all(re.fullmatch(r"[A-Za-z0-9_.-]+", p) for p in parts):
        return None
    return RemoteRepository(host, parts[0], parts[1])
