"""GameApp: what screens and palette commands may ask of the app, as a Protocol.

Screens and commands sit below the app (the app builds them and routes between them), so they name the app by
this interface rather than by importing it: the dependency points one way, and `ArcherApp` is checked against
the Protocol where it is defined (game/tui/app.py). Routes are passed by name; a `Route` is a `str`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from game.engine.views import Event
    from game.saving import Profile, SaveStore, SlotInfo
    from game.session.play import Session
    from game.tui.launch import LaunchOptions
    from game.world import Story


class GameApp(Protocol):
    """The app's side of every screen: the story, the game in progress, settings, saves and routing."""

    options: LaunchOptions
    story: Story | None
    session: Session | None
    load_failed: bool

    @property
    def store(self) -> SaveStore: ...

    @property
    def profile(self) -> Profile: ...

    @property
    def chars_per_second(self) -> float | None: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None: ...

    def open(self, route: str) -> None: ...

    def title_action(self, key: str) -> None: ...

    def to_title(self) -> None: ...

    def play_action(self, action: str) -> tuple[Event, ...] | None: ...

    def accuse(self, action: str) -> None: ...

    def change_settings(self, **changes: Any) -> None: ...

    def latest_save(self) -> SlotInfo | None: ...

    def save_game(self, slot: str, label: str) -> bool: ...

    def load_game(self, slot: str, *, ask: bool = False) -> bool: ...

    def delete_save(self, slot: str) -> bool: ...

    def action_quicksave(self) -> None: ...

    def action_quickload(self) -> None: ...

    def action_undo(self) -> None: ...
