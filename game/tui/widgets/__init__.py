"""Widgets of the game screens."""
