"""Keeping a uv.lock in step with a release of workspace packages. Pure: text in, text out.

uv records, for every package it takes from a folder (a workspace member, or a `path`
source such as `../core`), that folder's version; `uv lock --check` and `uv sync --locked`
fail once the folder's pyproject.toml says another. Requirements on such packages carry no
specifier in the lock (uv drops it for local sources), so a widened requirement changes
nothing there: the versions are all that must follow. The lock is edited with tomlkit, so
everything else in it stays byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping

import tomlkit
from tomlkit.items import AoT

from releaser.core.packages import normalize_name

# how uv.lock names the source of a package built from a folder of the work tree
LOCAL_SOURCES = ("editable", "virtual", "directory")


def set_local_versions(text: str, versions: Mapping[str, str]) -> str:
    """uv.lock `text` with every package taken from a folder and named in `versions`
    (normalized name -> PEP 440 version) at that version; `text` itself when nothing changes.

    An entry without a version (uv leaves dynamic versions out) stays without one.
    """
    document = tomlkit.parse(text)
    entries = document.get("package")
    if not isinstance(entries, AoT):
        return text
    changed = False
    for entry in entries:
        version = versions.get(normalize_name(str(entry.get("name", ""))))
        source = entry.get("source")
        local = isinstance(source, Mapping) and any(k in source for k in LOCAL_SOURCES)
        if version is None or not local or "version" not in entry:
            continue
        if str(entry["version"]) != version:
            entry["version"] = version
            changed = True
    return tomlkit.dumps(document) if changed else text
