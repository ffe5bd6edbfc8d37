"""PlayScreen: the scene text, the numbered choices, the status line and the side panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on
from textual._time import get_time
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.engine import notebook, suspects
from game.engine.views import Event, View
from game.session.words import describe_all
from game.tui.screens.endings import KIND_LABELS
from game.tui.text import more_line, prose, styled
from game.tui.widgets.choice_list import NUMBER_KEYS, ChoiceList, choice_pairs
from game.tui.widgets.key_footer import KeyFooter
from game.tui.widgets.notice_line import NoticeLine
from game.tui.widgets.side_panel import SidePanel
from game.tui.widgets.status_line import StatusLine
from game.tui.widgets.typewriter import Typewriter

if TYPE_CHECKING:
    from game.tui.app_api import GameApp

TO_TITLE = "__title__"
"""The choice offered once an ending is reached: it is handled here, never sent to the engine."""
TRUTH = "__truth__"
"""At an ending that is not a solve, the choice that shows what really happened (handled here, as TO_TITLE)."""
TRUTH_HEADING = "What really happened"

MODIFIER_KEYS = frozenset(
    {
        "shift", "left_shift", "right_shift", "ctrl", "left_ctrl", "right_ctrl", "alt", "left_alt",
        "right_alt", "meta", "left_meta", "right_meta", "super", "left_super", "right_super", "hyper",
        "left_hyper", "right_hyper", "caps_lock", "num_lock", "scroll_lock",
    }
)  # fmt: skip
"""Keys that arrive alone on terminals with the Kitty keyboard protocol; they must not skip the text."""

PANEL_MIN_WIDTH = 110
"""At this width and above the side panel starts open."""

RESUME_SETTLE = 0.4
"""Seconds after a screen over the play screen closes during which number keys and Enter take no choice: keys
typed for the closing screen (a terminal may hold an Escape back for a moment) must not land on the story."""

ARROW_STEP = 3
"""Lines the scene moves for one arrow press while there is text above or below it."""
CHOICES_SHARE = 0.45
"""On taller screens the choices may take this share of the rows."""


def events_text(story: object, happened: tuple[Event, ...]) -> Content | None:
    """What the last action brought about, one line per event, or None when there is nothing to say."""
    lines = [styled("[b]◆ $label:[/b] ", label=label) + prose(text) for label, text in describe_all(story, happened)]
    return Content("\n").join(lines) if lines else None


STILL_APPEARING = "▼ The text is still appearing: Space shows it all"
"""The line under the scene while its text types out and there is more of it than the pane shows."""

class PlayScreen(Screen[None]):
    """The game itself. It renders the session's view and sends every action back through the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(key, f"choose({n})", f"Choice {n + 1}", show=False) for n, key in enumerate(NUMBER_KEYS)],
        Binding("n", "app.open('notebook')", "Notebook"),
        Binding("s", "app.open('suspects')", "Suspects"),
        Binding("b", "app.open('board')", "Board"),
        Binding("a", "app.open('accuse')", "Accuse"),
        Binding("h", "app.open('history')", "History"),
        Binding("u", "app.undo", "Undo"),
        Binding("p", "toggle_panel", "Panel", show=False),
        Binding("o", "app.open('settings')", "Settings", show=False),
        Binding("f1,question_mark", "app.help", "Help"),
        Binding("escape", "app.open('menu')", "Menu"),
        # Reading comes first: these reach the scene whatever has focus (the choice list would take them).
        Binding("pagedown", "page(1)", "Read on", show=False, priority=True),
        Binding("pageup", "page(-1)", "Back up", show=False, priority=True),
        Binding("down", "arrow(1)", "Down", show=False, priority=True),
        Binding("up", "arrow(-1)", "Up", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._was_covered = False
        self._settled_at = 0.0
        """Choice keys typed before this moment (Textual's clock, as in a key's `time`) take no choice."""
        self._choice_typed = False
        """A choice key has passed `on_key` and its binding has not run yet."""
        self._skip_next = False
        """A key typed after that choice key: the text the choice brings shows whole at once."""
        self._dropped = ""
        """What the notice line said about a choice key that took nothing while a choice was in flight."""

    @property
    def game(self) -> GameApp:
        """The app, by the interface screens may use."""
        return cast("GameApp", self.app)

    def compose(self) -> ComposeResult:
        yield StatusLine(dev=self.game.options.dev, id="status")
        yield NoticeLine(id="notice")
        with Horizontal(id="play-main"):
            with VerticalScroll(id="scene"):
                yield Static(id="ending-title", markup=False)
                yield Static(id="events", markup=False)
                yield Typewriter(id="text")
            yield SidePanel(id="panel")
        yield Static(id="more", markup=False)
        yield ChoiceList(id="choices", on_pick=self._take)
        yield KeyFooter()

    def on_resize(self, event: events.Resize) -> None:
        """The choices may take up to CHOICES_SHARE of a tall terminal (never less than their 11 rows at 80x24):
        a scene of six long choices otherwise scrolled inside the list on a 32-row screen."""
        rows = max(ChoiceList.MIN_ROWS, int(event.size.height * CHOICES_SHARE))
        self.query_one("#choices", ChoiceList).styles.max_height = rows

    def on_mount(self) -> None:
        if self.app.size.width < PANEL_MIN_WIDTH:
            self.query_one("#panel", SidePanel).add_class("-hidden")
        self._shown_text: str | None = None
        self._truth_shown = False
        scene = self.query_one("#scene", VerticalScroll)
        self.watch(scene, "scroll_y", self._update_more, init=False)
        self.watch(scene, "virtual_size", self._update_more, init=False)
        self.watch(scene, "size", self._update_more, init=False)
        self.sync()
        self.query_one("#choices", ChoiceList).focus()

    # ------------------------------------------------------------------------------------------ rendering

    def sync(self) -> None:
        """Show the session as it is now: status, events, text (revealed when it is new) and choices."""
        session = self.game.session
        if session is None:
            return
        current: View = session.view
        self.query_one("#status", StatusLine).show(current, session.state.case)
        ending = self.query_one("#ending-title", Static)
        shown_events = session.events
        if current.ending is None or not current.truth:
            self._truth_shown = False
        if current.ending is not None:
            kind = KIND_LABELS.get(current.ending.kind, current.ending.kind)
            if self._truth_shown:
                ending.update(styled("[b]$heading[/b] ($title)", heading=TRUTH_HEADING, title=current.ending.title))
            else:
                ending.update(styled("[b]$title[/b] ($kind)", title=current.ending.title, kind=kind))
            ending.display = True
            shown_events = tuple(e for e in shown_events if e.kind != "ending")  # the heading says it
            if self._truth_shown:
                shown_events = ()
        else:
            ending.display = False
        happened = self.query_one("#events", Static)
        summary = events_text(session.story, shown_events)
        happened.update(summary or "")
        happened.display = summary is not None
        # The reply to the choice just taken comes first, then the scene (or only the reply, on a return).
        shown = "\n\n".join(part for part in (current.reply.strip(), current.text.strip()) if part)
        if self._truth_shown:
            shown = current.truth.strip()
        if shown != self._shown_text:
            self._shown_text = shown
            self.query_one("#notice", NoticeLine).clear()  # a refusal belongs to the scene it was said in
            self.query_one("#scene", VerticalScroll).scroll_home(animate=False)
            self.query_one("#text", Typewriter).show(prose(shown), chars_per_second=self.game.chars_per_second)
            if self._skip_next:
                self.query_one("#text", Typewriter).skip()
        pairs = choice_pairs(current.choices)
        if current.ending is not None:
            pairs = [(TO_TITLE, "Return to the title screen")]
            if current.truth and not self._truth_shown:
                pairs.insert(0, (TRUTH, f"{TRUTH_HEADING} (the answer to this case)"))
        self.query_one("#choices", ChoiceList).show(pairs)
        self._sync_panel()
        self.call_after_refresh(self._update_more)

    @on(Typewriter.Finished)
    def _update_more(self, *_: object) -> None:
        scene = self.query_one("#scene", VerticalScroll)
        below = max(0, round(scene.max_scroll_y - scene.scroll_y))
        above = max(0, round(scene.scroll_y))
        if below and self.query_one("#text", Typewriter).revealing:
            line = STILL_APPEARING  # the lines below are blank until they are typed: "more below" misled players
        else:
            line = more_line(below, above)
        # One line high whatever it says (archer.tcss): no layout, which would cost a whole-screen redraw.
        self.query_one("#more", Static).update(line, layout=False)

    def _sync_panel(self) -> None:
        panel = self.query_one("#panel", SidePanel)
        session = self.game.session
        if session is None or panel.has_class("-hidden"):
            return
        panel.show(notebook(session.story, session.state), suspects(session.story, session.state))

    # ------------------------------------------------------------------------------------------- input

    @on(events.ScreenSuspend)
    def _covered(self) -> None:
        self._was_covered = True
        self._choice_typed = False  # a choice key that met a screen opening took nothing

    @on(events.ScreenResume)
    def _uncovered(self, event: events.ScreenResume) -> None:
        """A screen over this one has closed: keys typed for it, or while it was closing, take no choice here."""
        if self._was_covered:
            self._settled_at = event.time + RESUME_SETTLE

    def on_key(self, event: events.Key) -> None:
        """Any key shows the rest of a text that is still appearing. A key that has a job (a choice, a
        screen, scrolling...) then does it as well; any other key (space, say) only shows the text.

        A choice's binding runs after keys typed behind it have passed here: such a key (a space right after
        Enter) is kept for the scene the choice brings, and shows it whole. For a moment after another screen
        closes (RESUME_SETTLE), choice keys are ignored and the notice line says so. So is a choice key typed
        before the scene the last choice brought was on screen: behind a choice key still in flight, or before
        that choice's scene was drawn (on a loaded machine a doubled key took a choice the player never saw)."""
        if not self.is_active or event.key in MODIFIER_KEYS:
            return  # a key typed for this screen before another opened over it: the app drops it
        choosing = self._takes_a_choice(event.key)
        if choosing and (event.time < self._settled_at or self._choice_typed):
            event.stop()
            event.prevent_default()
            said = f"{event.key.capitalize()} came while the screen was changing and took no choice; press it again."
            if self._choice_typed:
                self._dropped = said
            self.query_one("#notice", NoticeLine).say(said)
            return
        text = self.query_one("#text", Typewriter)
        revealing = text.revealing
        if choosing:
            self._choice_typed = True
        elif self._choice_typed and not revealing:
            self._skip_next = True
        text.skip()
        if (revealing or self._skip_next) and not choosing and event.key not in self.active_bindings:
            event.stop()
            event.prevent_default()

    def _takes_a_choice(self, key: str) -> bool:
        """Whether `key` takes a choice here: the number of one, or Enter while the list has the focus."""
        choices = self.query_one("#choices", ChoiceList)
        if key in NUMBER_KEYS:
            return choices.action_at(NUMBER_KEYS.index(key)) is not None
        return key == "enter" and choices.has_focus and choices.highlighted_option is not None

    def show_all_text(self) -> None:
        """Show the rest of a text that is still appearing."""
        self.query_one("#text", Typewriter).skip()

    def action_page(self, direction: int) -> None:
        """Scroll the scene by a page (direction 1 down, -1 up)."""
        scene = self.query_one("#scene", VerticalScroll)
        self.query_one("#text", Typewriter).skip()
        if direction > 0:
            scene.scroll_page_down(animate=False)
        else:
            scene.scroll_page_up(animate=False)

    def action_arrow(self, direction: int) -> None:
        """Down reads on while there is text below, then moves through the choices; up moves back through the
        choices, then up the text."""
        scene = self.query_one("#scene", VerticalScroll)
        choices = self.query_one("#choices", ChoiceList)
        self.query_one("#text", Typewriter).skip()
        if direction > 0 and scene.scroll_y < scene.max_scroll_y:
            scene.scroll_relative(y=ARROW_STEP, animate=False)
        elif direction < 0 and not choices.highlighted and scene.scroll_y > 0:
            scene.scroll_relative(y=-ARROW_STEP, animate=False)
        elif direction > 0:
            choices.action_cursor_down()
        else:
            choices.action_cursor_up()

    def action_choose(self, index: int) -> None:
        """Take the choice numbered `index + 1`."""
        action = self.query_one("#choices", ChoiceList).action_at(index)
        if action is not None:
            self._take(action)

    def _take(self, action: str) -> None:
        self.query_one("#text", Typewriter).skip()
        if action == TO_TITLE:
            self.game.to_title()
        elif action == TRUTH:
            self._truth_shown = True
            self.sync()
        else:
            self.game.play_action(action)
            self._hold_keys_until_drawn()
            if self._dropped:  # a key typed behind this choice: the new scene cleared the notice that said so
                self.query_one("#notice", NoticeLine).say(self._dropped)
        self._choice_typed = self._skip_next = False
        self._dropped = ""

    def _hold_keys_until_drawn(self) -> None:
        """Choice keys typed before now, or before the next screen update, were not typed for the scene this
        choice brought: they take nothing (`on_key`)."""
        self._settle_now()
        self.call_after_refresh(self._settle_now)

    def _settle_now(self) -> None:
        self._settled_at = max(self._settled_at, get_time())

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel."""
        panel = self.query_one("#panel", SidePanel)
        panel.toggle_class("-hidden")
        self._sync_panel()
