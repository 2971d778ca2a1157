"""Dependency vulnerabilities through pip-audit, used as a library.

pip-audit's modules are private, so releaser pins pip-audit==2.10.1. The
verdict comes from pip-audit's results, never from an exit code: pip-audit
exits 1 both for "vulnerable" and for "service unreachable". A dependency
pip-audit skipped (e.g. the PyPI JSON API answering 404) is a finding that
fails the gate, since nothing was checked.
"""

from __future__ import annotations

import sys
import time
import types
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from releaser.adapters.osv_offline import OfflineOsv
from releaser.core.audit import AuditorRun, Finding, Kind, Severity
from releaser.core.audit import Dependency as Checked
from releaser.core.pins import (
    Pin,
    PinError,
    locate_in_pylock,
    locate_in_pyproject,
    locate_in_requirements,
)
from releaser.errors import AuditToolError

if TYPE_CHECKING:
    from pip_audit._dependency_source import DependencySource
    from pip_audit._service import (
        Dependency,
        ResolvedDependency,
        VulnerabilityResult,
        VulnerabilityService,
    )

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

NAME = "pip-audit"
SERVICE_TIMEOUT = 30  # seconds per request to an online vulnerability service


@dataclass(frozen=True, slots=True)
class DependencyQuery:
    """What to audit and against which database."""

    project_dir: Path
    requirements: tuple[Path, ...] | None = None  # None: [project].dependencies
    advisory_db: Path | None = None  # offline: no service is contacted
    service: str = "osv"  # "osv" or "pypi", when online
    osv_url: str | None = None


def _tell_pip_api_the_pip_version() -> None:
    """Spare the `python -m pip --version` child (0.3 s of CPU) that pip_api, which pip-audit
    imports, runs to learn pip's version: this interpreter's installed metadata says it.

    pip_api reads it from `pip_api._version.version()` once, when first imported; it then only
    picks pip-audit's cache folder. Nothing changes when pip_api runs another Python
    (PIPAPI_PYTHON_LOCATION), is loaded already, or pip is not installed here.
    """
    import os
    from importlib import metadata

    if "pip_api" in sys.modules or os.environ.get("PIPAPI_PYTHON_LOCATION"):
        return
    try:
        known = metadata.version("pip")
    except metadata.PackageNotFoundError:
        return
    stand_in = types.ModuleType("pip_api._version")
    stand_in.version = lambda: known  # type: ignore[attr-defined]
    sys.modules.setdefault("pip_api._version", stand_in)


def _offline_service(db: OfflineOsv) -> VulnerabilityService:
    from packaging.version import Version
    from pip_audit._service import ResolvedDependency, VulnerabilityResult, VulnerabilityService

    class OfflineOsvService(VulnerabilityService):  # type: ignore[misc]
        """pip-audit's service interface over the offline database."""

        def query(self, spec: Dependency) -> tuple[Dependency, list[VulnerabilityResult]]:
            if not isinstance(spec, ResolvedDependency):
                return spec, []
            results = [
                VulnerabilityResult.create(
                    ids=[a.id, *a.aliases],
                    description=a.summary.replace("\n", " "),
                    fix_versions=[Version(v) for v in a.fixed_versions],
                    published=self._parse_rfc3339(a.published),
                )
                for a in db.advisories(spec.name, spec.version)
            ]
            return spec, results

    return OfflineOsvService()


def _online_service(query: DependencyQuery) -> VulnerabilityService:
    from pip_audit._service import OsvService, PyPIService

    if query.service == "pypi":
        return PyPIService(timeout=SERVICE_TIMEOUT)
    if query.osv_url:
        return OsvService(timeout=SERVICE_TIMEOUT, osv_url=query.osv_url)
    return OsvService(timeout=SERVICE_TIMEOUT)


def _declared_dependencies(project_dir: Path) -> list[str] | None:
    path = project_dir / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AuditToolError(
            f"cannot read the declared dependencies from {path}: {exc}",
            hint="name pinned requirement files in 'requirements' under [tool.releaser.audit]",
        ) from exc
    project = data.get("project")
    if not isinstance(project, dict):
        raise AuditToolError(
            f"{path} has no [project] table to read dependencies from",
            hint="name pinned requirement files in 'requirements' under [tool.releaser.audit]",
        )
    deps = project.get("dependencies", [])
    return list(deps) if deps else None


def _source(query: DependencyQuery) -> DependencySource:
    from pip_audit._dependency_source import PyLockSource, PyProjectSource, RequirementSource

    if query.requirements is None:
        return PyProjectSource(query.project_dir / "pyproject.toml")
    missing = [str(p) for p in query.requirements if not p.is_file()]
    if missing:
        raise AuditToolError(f"requirement file not found: {', '.join(missing)}")
    locks = [p for p in query.requirements if p.name.startswith("pylock.") and p.suffix == ".toml"]
    others = [p for p in query.requirements if p not in locks]
    if locks and others:
        raise AuditToolError("mixing pylock.toml and requirement files is not supported")
    if locks:
        return PyLockSource(locks)
    # Lock files are audited as written: no resolution, no pip, no network.
    return RequirementSource(others, no_deps=True, disable_pip=True)


def _findings(
    results: list[tuple[Dependency, list[VulnerabilityResult]]], db: OfflineOsv | None
) -> list[Finding]:
    from pip_audit._service import ResolvedDependency, SkippedDependency

    findings = []
    for dep, vulns in results:
        if isinstance(dep, SkippedDependency):
            findings.append(
                Finding(NAME, Kind.NOT_AUDITED, "not-audited", dep.skip_reason, package=dep.name)
            )
            continue
        if not isinstance(dep, ResolvedDependency):
            continue
        findings.extend(
            Finding(
                auditor=NAME,
                kind=Kind.VULNERABILITY,
                id=vuln.id,
                summary=vuln.description,
                severity=_severity(db, dep, {vuln.id, *vuln.aliases}),
                package=dep.canonical_name,
                installed_version=str(dep.version),
                fixed_versions=tuple(str(v) for v in vuln.fix_versions),
                aliases=tuple(sorted(vuln.aliases)),
            )
            for vuln in vulns
        )
    return findings


def _severity(db: OfflineOsv | None, dep: ResolvedDependency, ids: set[str]) -> Severity | None:
    if db is None:  # the online services report no severity through pip-audit
        return None
    known = [
        a.severity
        for a in db.advisories(dep.name, dep.version)
        if ids & {a.id, *a.aliases} and a.severity is not None
    ]
    return max(known) if known else None


def _pin_files(query: DependencyQuery) -> list[Path]:
    if query.requirements is None:
        return [query.project_dir / "pyproject.toml"]
    return list(query.requirements)


def locate_pin(path: Path, name: str) -> Pin | None:
    """The line of `path` (pyproject.toml, pylock*.toml or a requirements file) naming `name`.

    PinError when the file cannot be read or parsed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PinError(f"cannot read it ({exc})") from exc
    if path.name == "pyproject.toml":
        return locate_in_pyproject(text, name)
    if path.name.startswith("pylock.") and path.suffix == ".toml":
        return locate_in_pylock(text, name)
    return locate_in_requirements(text, name)


def _relative(path: Path, project_dir: Path) -> str:
    try:
        return path.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _located(findings: list[Finding], query: DependencyQuery) -> list[Finding]:
    """Vulnerabilities placed at the line that pins the package (else the first source file)."""
    files = _pin_files(query)
    located = []
    for finding in findings:
        if finding.kind is not Kind.VULNERABILITY or finding.package is None:
            located.append(finding)
            continue
        where: tuple[Path, int | None] = (files[0], None)
        for path in files:
            try:
                pin = locate_pin(path, finding.package)
            except PinError:
                pin = None
            if pin is not None:
                where = (path, pin.line)
                break
        file = _relative(where[0], query.project_dir)
        located.append(replace(finding, file=file, line=where[1]))
    return located


def _database(db: OfflineOsv | None, query: DependencyQuery) -> str:
    if db is not None:
        as_of = f" of {db.newest}" if db.newest else ""
        return f"the offline OSV advisory database{as_of} ({db.count} records)"
    if query.service == "pypi":
        return f"the PyPI advisory service on {date.today().isoformat()}"
    url = query.osv_url or "https://api.osv.dev"
    return f"the OSV advisory service ({url}) on {date.today().isoformat()}"


def audit_dependencies(query: DependencyQuery) -> AuditorRun:
    """Audit the dependencies; AuditToolError when the database or service cannot answer."""
    start = time.monotonic()
    if query.requirements is None and _declared_dependencies(query.project_dir) is None:
        return AuditorRun(NAME, time.monotonic() - start, detail="no dependencies declared")
    _tell_pip_api_the_pip_version()
    import requests
    from pip_audit._audit import Auditor
    from pip_audit._dependency_source import DependencySourceError
    from pip_audit._service import ServiceError

    db = OfflineOsv(query.advisory_db) if query.advisory_db is not None else None
    service = _offline_service(db) if db is not None else _online_service(query)
    where = f"advisory database {query.advisory_db}" if db else f"the {query.service} service"
    try:
        results = list(Auditor(service).audit(_source(query)))
    except DependencySourceError as exc:
        raise AuditToolError(
            f"pip-audit could not collect the dependencies: {exc}",
            hint="requirement files must pin every package (name==version)",
        ) from exc
    except (ServiceError, requests.RequestException, OSError) as exc:
        raise AuditToolError(
            f"pip-audit could not query {where}: {exc or type(exc).__name__}",
            hint="check the network, or audit offline with --advisory-db DIR",
        ) from exc
    detail = f"{len(results)} packages checked against {where}"
    return AuditorRun(
        NAME,
        time.monotonic() - start,
        tuple(_located(_findings(results, db), query)),
        detail=detail,
        dependencies=_checked(results),
        database=_database(db, query),
    )


def _checked(results: list[tuple[Dependency, list[VulnerabilityResult]]]) -> tuple[Checked, ...]:
    from pip_audit._service import ResolvedDependency

    found = {
        (d.canonical_name, str(d.version)) for d, _ in results if isinstance(d, ResolvedDependency)
    }
    return tuple(Checked(n, v) for n, v in sorted(found))
