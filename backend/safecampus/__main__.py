"""`python -m safecampus` is the `safecampus` command."""

from safecampus.cli import main

main()
