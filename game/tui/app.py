"""ArcherApp: the Textual application, and its routing: which screen a key, a menu item or a palette command
opens (through the registry in `routes`), and quitting.

The app's work is split by concern along one line of inheritance: `app_base` (story, session, store, profile
and settings), `save_actions` (saves), `game_flow` (a game from start to ending), `story_loading` (loading and
dev reload). Screens ask the app to do things, and the app talks to the engine and the save system, so that no
screen holds a game rule and every failure is turned into words for the player.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from game.tui.commands import game_commands
from game.tui.keys import twins
from game.tui.launch import LaunchOptions, problem_line
from game.tui.routes import Route, make_screen
from game.tui.screens.dialogs import QuitModal
from game.tui.screens.title import TitleScreen
from game.tui.story_loading import StoryLoading

if TYPE_CHECKING:
    from game.tui.app_api import GameApp
    from game.tui.screens.new_game import NewGame

__all__ = ["ArcherApp", "LaunchOptions", "problem_line"]


class ArcherApp(StoryLoading):
    """Archer: The Fall."""

    CSS_PATH = "archer.tcss"
    TITLE = "Archer: The Fall"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Help answers everywhere, over dialogs too (a priority binding is not blocked by a modal screen).
        Binding("f1", "help", "Help", show=False, priority=True),
        # The game's save keys answer on every screen of a game, not only while reading a scene.
        Binding("ctrl+s", "open('save')", "Save", show=False),
        Binding("ctrl+l", "open('load')", "Load", show=False),
        Binding("f5", "quicksave", "Quicksave", show=False),
        Binding("f9", "quickload", "Quickload", show=False),
        # In a browser, the twins of the keys a browser may keep (game.tui.keys.BROWSER_KEYS); elsewhere hidden.
        *twins("ctrl+q", "ctrl+p", "f1", "ctrl+s", "ctrl+l", "f5", "f9"),
    ]

    _asking_twins = False
    """True while `_answers` reads the active bindings."""

    KEYS_IN_FLIGHT = 64
    """At most this many keys are remembered with the screen they were typed on (`on_event`)."""

    def __init__(self, options: LaunchOptions, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(options, clock=clock)
        self._typed_on: dict[int, Screen[Any]] = {}
        """The screen on top when each key in flight arrived (by the key event's id)."""

    async def on_event(self, event: events.Event) -> None:
        """Keys go to the focused widget and come back up to the app, which then runs the bindings of the screen
        on top. Keys typed quickly wait in line; when one of them closes or opens a screen (Escape on the board),
        the next ones would come back to the app after the change and act on the new screen: Down and Enter meant
        for the board took a story choice. A key is dropped when the screen it was typed on is no longer on top."""
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                if len(self._typed_on) >= self.KEYS_IN_FLIGHT:
                    self._typed_on.clear()  # keys a widget kept (never came back up): nothing waits for them
                self._typed_on[id(event)] = self.screen
            elif self._typed_on.pop(id(event), self.screen) is not self.screen:
                return
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Saving keys need a game in progress; loading needs the story; a key's browser twin is there in a
        browser, where that key does something."""
        if action == "browser":
            return self.is_web and self._answers(str(parameters[0]))
        if action == "quicksave" or (action == "open" and parameters == ("save",)):
            return self.session is not None
        if action == "quickload" or (action == "open" and parameters == ("load",)):
            return self.story is not None
        return True

    def _answers(self, key: str) -> bool:
        """Whether `key` does something on the screen as it is now. Reading the active bindings asks this method
        again for the twins themselves, which do not matter there: that inner question is answered yes."""
        if self._asking_twins:
            return True
        self._asking_twins = True
        try:
            active = self.screen.active_bindings.get(key)
        finally:
            self._asking_twins = False
        return active is not None and active.enabled

    def action_browser(self, key: str) -> None:
        """A twin: do what `key` does (the player's browser kept `key` for itself)."""
        self.simulate_key(key)

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    # --------------------------------------------------------------------------------------------- routing

    def open(self, route: Route | str) -> None:
        """Open the screen of `route` (a Route or its name), unless it is already on top."""
        target = Route(route)
        screen = make_screen(self, target)
        if screen is None or type(self.screen) is type(screen):
            return
        if target is Route.MENU:
            self.push_screen(screen, self._menu_picked)
        else:
            self.push_screen(screen)

    def action_open(self, route: str) -> None:
        """Binding form of `open`."""
        self.open(route)

    def action_help(self) -> None:
        """Show the keys (and, from the play screen, the rest of a text still appearing: f1 is a priority
        binding, so it arrives before the play screen sees the key)."""
        play = self.play_screen()
        if play is not None and play is self.screen:
            play.show_all_text()
        self.open(Route.HELP)

    def title_action(self, key: str) -> None:
        """Do what a title menu item says."""
        from game.tui.screens.content_notes import ContentNotesScreen
        from game.tui.screens.endings import EndingsScreen
        from game.tui.screens.new_game import NewGameModal

        if key == "quit":
            self.call_next(self.action_quit)
            return
        if key in (Route.HELP, Route.SETTINGS):
            self.open(key)
            return
        story = self.story
        if story is None:
            self.notify("The story is still loading.", severity="warning")
            return
        if key == "new":
            canon = "canon" if "canon" in story.cases else None

            def chosen(choice: NewGame | None) -> None:
                if choice is not None:
                    self.begin_new_game(choice.case, choice.seed)

            self.push_screen(NewGameModal(canon), chosen)
        elif key == "continue":
            latest = self.latest_save()
            if latest is None:
                self.notify("There is no save to continue yet.", severity="warning")
            else:
                self.load_game(latest.slot)
        elif key == "load":
            self.open(Route.LOAD)
        elif key == "endings":
            endings = [(e.id, e.title, e.kind) for e in story.endings.values()]
            self.push_screen(EndingsScreen(endings, list(self.profile.endings)))
        elif key == "notes":
            self.push_screen(ContentNotesScreen(self.content_notes()))

    def _menu_picked(self, item: str | None) -> None:
        if item is None:
            return
        if item == "title":
            self.to_title()
        elif item == "quit":
            self.call_next(self.action_quit)
        else:
            self.open(item)

    # ---------------------------------------------------------------------------------------------- quit

    async def action_quit(self) -> None:
        """Quit; when progress is unsaved, ask first (a second ctrl+q in that dialog quits)."""
        if isinstance(self.screen, QuitModal):
            self.exit(0)
            return
        session = self.session
        if session is None or not session.dirty:
            status = 1 if self.load_failed else 0
            self.exit(status, return_code=status)
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.action_quicksave()
                if self.session is not None and not self.session.dirty:
                    self.exit(0)
            elif answer == "quit":
                self.exit(0)

        self.push_screen(QuitModal(), answered)

    # ------------------------------------------------------------------------------------------- palette

    def action_command_palette(self) -> None:
        """Open the palette, unless one is open already under another screen (f1 and the save keys answer over
        the palette): a second one would be a second widget with the palette's id, and Textual stops on that."""
        if not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            super().action_command_palette()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from game_commands(self)
        yield SystemCommand("Theme", "Change the colour theme", self.action_change_theme)
        yield SystemCommand("Quit", "Quit the game (asks first if progress is unsaved)", self.action_quit)


if TYPE_CHECKING:

    def _offers_what_screens_use(app: ArcherApp) -> GameApp:
        """Never called: mypy checks here that ArcherApp has every member of GameApp (game/tui/app_api.py)."""
        return app
