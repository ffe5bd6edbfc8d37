"""`python -m game` does what the `archer` command does."""

from game.cli import main

raise SystemExit(main())
