"""What a `cut` did, as JSON-ready data (for `--json`, the Action's outputs and logs)."""

from __future__ import annotations

from typing import Any

from releaser.release.plan import Plan
from releaser.release.ports import Outcome


def project_result(plan: Plan, outcome: Outcome | None) -> dict[str, Any]:
    facts = plan.facts
    data: dict[str, Any] = {
        "released": True,
        "name": facts.project_name,
        "version": facts.version.semver,
        "pep440": facts.version.pep440,
        "tag": facts.tag,
        "resume": facts.resume,
        "plan": plan.as_json(),
    }
    if outcome is not None:
        data.update(
            steps=outcome.statuses,
            release_url=outcome.release_url,
            uploaded=outcome.uploaded,
            already_uploaded=outcome.skipped_uploads,
            distributions=[p.name for p in outcome.distributions],
        )
        if outcome.uploaded or outcome.skipped_uploads:
            data["package_url"] = package_url(
                facts.index_url, facts.project_name, facts.version.pep440
            )
    return data


def package_url(upload_url: str, project_name: str, version: str) -> str:
    """Where people find the released package: its PyPI page, or its simple-index page."""
    from packaging.utils import canonicalize_name

    from releaser.adapters.package_index import PYPI_UPLOAD_URL, TESTPYPI_UPLOAD_URL, index_urls

    name = canonicalize_name(project_name)
    pages = {PYPI_UPLOAD_URL: "https://pypi.org", TESTPYPI_UPLOAD_URL: "https://test.pypi.org"}
    if upload_url in pages:
        return f"{pages[upload_url]}/project/{name}/{version}/"
    return f"{index_urls(upload_url)[1]}{name}/"
