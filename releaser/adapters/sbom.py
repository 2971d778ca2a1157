"""A CycloneDX SBOM of the released package's dependencies, with cyclonedx-python-lib.

The components are exactly the dependencies the audit gate checked (pip-audit's resolved
set), each with its `pkg:pypi` purl, under the released package as the BOM's subject; the
advisory database they were checked against is recorded as a property. The serial
number is derived from the package, version and components, and the timestamp is the
release commit's date, so a rerun (after a failed upload, say) writes the same bytes and
the asset already on the GitHub draft still matches.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from packaging.utils import canonicalize_name

from releaser.core.audit import Dependency
from releaser.errors import BuildError


def sbom_name(project_name: str, version: str) -> str:
    """The asset's file name: `<name>-<version>.cdx.json`."""
    return f"{canonicalize_name(project_name)}-{version}.cdx.json"


def sbom_json(
    project_name: str,
    version: str,
    dependencies: Sequence[Dependency],
    *,
    built_at: datetime,
    database: str = "",
) -> str:
    """The CycloneDX 1.6 JSON document."""
    from cyclonedx.model import Property
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.output.json import JsonV1Dot6
    from packageurl import PackageURL

    def component(name: str, at: str) -> Component:
        purl = PackageURL(type="pypi", name=canonicalize_name(name), version=at)
        return Component(
            type=ComponentType.LIBRARY, name=name, version=at, purl=purl, bom_ref=str(purl)
        )

    subject = component(project_name, version)
    parts = [component(d.name, d.version) for d in dependencies]
    seed = "|".join([str(subject.purl), *(str(p.purl) for p in parts)])
    bom = Bom(serial_number=uuid.uuid5(uuid.NAMESPACE_URL, seed))
    bom.metadata.timestamp = built_at
    bom.metadata.component = subject
    if database:
        bom.metadata.properties.add(Property(name="releaser:audit:database", value=database))
    for part in parts:
        bom.components.add(part)
    bom.register_dependency(subject, parts)
    return str(JsonV1Dot6(bom).output_as_string(indent=2)) + "\n"


def write_sbom(
    folder: Path,
    project_name: str,
    version: str,
    dependencies: Sequence[Dependency],
    *,
    built_at: datetime,
    database: str = "",
) -> Path:
    """Write `<name>-<version>.cdx.json` into `folder` (BuildError when it cannot)."""
    path = folder / sbom_name(project_name, version)
    try:
        path.write_text(
            sbom_json(project_name, version, dependencies, built_at=built_at, database=database),
            encoding="utf-8",
        )
    except OSError as exc:
        raise BuildError(f"cannot write the SBOM {path}: {exc}") from exc
    return path
