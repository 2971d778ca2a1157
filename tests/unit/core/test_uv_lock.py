"""A uv.lock follows a release of the packages it builds from folders, and nothing else."""

from __future__ import annotations

from releaser.core.uv_lock import set_local_versions

LOCK = """\
version = 1
revision = 3
requires-python = ">=3.10"

[manifest]
members = ["acme-cli", "acme-core"]

[[package]]
name = "acme-cli"
version = "0.3.0"
source = { editable = "packages/cli" }
dependencies = [
    { name = "acme-core" },
    { name = "rich" },
]

[package.metadata]
requires-dist = [
    { name = "acme-core", editable = "packages/core" },
    { name = "rich", specifier = ">=13" },
]

[[package]]
name = "acme-core"
version = "1.0.0"
source = { editable = "packages/core" }

[[package]]
name = "Acme_Tools"
version = "0.1.0"
source = { virtual = "tools" }

[[package]]
name = "acme-dyn"
source = { directory = "../dyn" }

[[package]]
name = "rich"
version = "13.0.0"
source = { registry = "https://pypi.org/simple" }
"""


def test_only_the_released_folder_packages_take_their_new_versions() -> None:
    done = set_local_versions(LOCK, {"acme-core": "1.1.0", "rich": "99.0.0"})
    # one line changes; the registry package of the same name in `versions` is not ours
    assert done == LOCK.replace('name = "acme-core"\nversion = "1.0.0"',
                                'name = "acme-core"\nversion = "1.1.0"')  # fmt: skip
    assert 'name = "rich"\nversion = "13.0.0"' in done


def test_every_local_source_kind_and_spelling_of_the_name_is_followed() -> None:
    done = set_local_versions(LOCK, {"acme-cli": "0.4.0", "acme-tools": "0.2.0"})
    assert 'name = "acme-cli"\nversion = "0.4.0"\nsource = { editable' in done
    assert 'name = "Acme_Tools"\nversion = "0.2.0"\nsource = { virtual' in done
    assert done.count("\n") == LOCK.count("\n")


def test_a_dynamic_version_stays_unrecorded() -> None:
    done = set_local_versions(LOCK, {"acme-dyn": "2.0.0"})
    assert done == LOCK
    assert "2.0.0" not in done


def test_nothing_to_change_gives_the_text_back_unparsed() -> None:
    assert set_local_versions(LOCK, {"acme-core": "1.0.0"}) is LOCK
    assert set_local_versions(LOCK, {}) is LOCK
    no_packages = 'version = 1\nrequires-python = ">=3.10"\n'
    assert set_local_versions(no_packages, {"acme-core": "1.1.0"}) is no_packages
