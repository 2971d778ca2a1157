"""`releaser init`: set a project up for releaser (config, release workflow, commit-msg hook)."""

from __future__ import annotations

from pathlib import Path

import click

from releaser.cli.app import app, option, verbose_option


@app.command()
@option(
    "--force", is_flag=True, help="Replace [tool.releaser] and the release workflow if they exist."
)
@option(
    "--replace-old-tool",
    is_flag=True,
    help="Edit semantic-release / commitizen release steps and hooks out of the project.",
)
@option("--project", type=click.Path(path_type=Path), default=Path("."), help="The project folder.")
@verbose_option()
def init(force: bool, replace_old_tool: bool, project: Path, verbose: bool) -> None:
    """Detect the project; write [tool.releaser], the release workflow and the pre-commit hook."""
    from releaser.init.setup import initialise

    found, changes = initialise(project, force=force, replace_old_tool=replace_old_tool)
    version = f"{found.version_source}" + (f" ({found.version})" if found.version else "")
    print(f"project:    {found.name or '(no [project].name)'}")
    print(f"version:    {version}")
    print(f"package:    {found.package_init or '(not found)'}")
    print(f"repository: {found.repository or '(no GitHub remote called origin)'}")
    if found.imported_from:
        print(f"imported:   {found.imported_from} (releaser reads [tool.releaser] from now on)")
        print("migration report (old setting -> [tool.releaser]):")
        for line in found.migration:
            print(f"  {line}")
        for warning in found.warnings:
            print(f"warning: {warning}")
    for change in changes:
        print(f"{change.action:<8} {change.path}: {change.detail}")
    if found.version_source == "none":
        print("note: [project] has no version; add `version` or list it in `dynamic`")
