"""What a project's release history says: the next release, the changelog, one release's notes.

The history service: it opens the repository through the git adapter, reads the settings and
asks the pure core. The CLI's read-only commands and the release pipeline both call it; the
CLI never opens the git adapter itself.

- `project`: open a project (its folder's settings, the repository, tags, the pathspecs of
  the commits that count), a package of a monorepo, or all of them; settle the tag format.
- `upcoming`: the next release from the commits since the last final release.
- `sections`: every release reachable from HEAD as changelog sections.
- `changelog`: preview and write the changelog, and how it is rendered.
- `notes`: one release's notes.
- `overview`: every package's next release and why (`next --all`).
- `messages`: commit messages and git's comment string, for `releaser lint`.
"""
