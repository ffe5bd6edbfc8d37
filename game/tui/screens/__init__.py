"""The screens and dialogs of the game. Modules are imported where they are needed, to keep start-up fast."""
