"""Finding the merged release pull request a `cut` on its base branch finishes."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from releaser.adapters.git import GitRepository
from releaser.adapters.git_release import GitWriter
from releaser.config import Config
from releaser.release.place import ProjectPlace
from releaser.release.via_pr import MergedRelease


def release_finished(
    writer: GitWriter, repository: str | None, env: Mapping[str, str]
) -> Callable[[str], bool]:
    """Is the release of a tag complete: tagged, and (with GitHub) its release published?

    Publishing the GitHub release is the last step, after the upload.
    """

    def finished(tag: str) -> bool:
        if writer.has_tag(tag) is None:
            return False
        from releaser.adapters.github import GitHubReleases, api_url_from_env, token_from_env

        token = token_from_env(env)
        if repository is None or token is None:
            return True
        release = GitHubReleases(api_url_from_env(env), token, repository).find(tag)
        return release is not None and not release.draft

    return finished


def merged_release_to_finish(
    repo: GitRepository,
    writer: GitWriter,
    config: Config,
    place: ProjectPlace,
    finished: Callable[[str], bool],
) -> MergedRelease | None:
    from releaser.adapters.git_release_branch import ReleaseBranch
    from releaser.release.via_pr import merged_release

    paths = (place.in_repo("pyproject.toml"), place.in_repo(config.changelog_file))
    return merged_release(
        ReleaseBranch(repo.root),
        config,
        repo.head(),
        paths,
        finished=finished,
    )
