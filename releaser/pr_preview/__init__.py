"""`releaser preview`: what merging a pull request would release, and its sticky comment.

- `event`: the pull request as the Actions event describes it (number, title, base, fork);
- `merge`: the service that reads the history of the merge result and lints the PR;
- `report`: the Markdown and JSON of a preview (pure);
- `comment`: the service that keeps one sticky comment on the pull request.
"""
