"""`python -m releaser` runs the CLI."""

from releaser.cli import main

main()
