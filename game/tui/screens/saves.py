"""SaveScreen and LoadScreen: the save slots with label, day, time slot, location, time saved and play time.

Overwriting and deleting ask first. A damaged save is listed with its problem and is never loaded: picking
it shows what is wrong and what to do.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.saving import SaveStore, SlotInfo
from game.tui.prose import play_time, saved_time
from game.tui.screens.base import PanelScreen
from game.tui.screens.dialogs import ConfirmModal, MessageModal
from game.tui.text import plain

MANUAL_SLOTS = tuple(f"slot-{n}" for n in range(1, 10))
"""The save slots offered on the save screen."""

FOLDER_LOOK_SECONDS = 2.0
"""In a browser, how often the load screen looks for saves uploaded from another tab."""


def slot_title(slot: str) -> str:
    """A slot's name for players: Slot 3, Autosave 2, Quicksave (backups keep their suffix)."""
    base, dot, rest = slot.partition(".")
    if base.startswith("slot-") and base[5:].isdigit():
        name = f"Slot {base[5:]}"
    elif base.startswith("auto-") and base[5:].isdigit():
        name = f"Autosave {base[5:]}"
    elif base == "quick":
        name = "Quicksave"
    else:
        name = base
    return f"{name} (backup)" if dot and rest == "bak" else name


def slot_lines(info: SlotInfo) -> str:
    """Two lines describing a save: name and label, then where and when."""
    if not info.ok:
        problem = info.problem or "cannot be read"
        joined = f" {problem}" if problem.startswith("is ") else f": {problem}"
        return f"{slot_title(info.slot)}{joined}\n   Not loadable. Enter explains; d deletes it."
    label = f": {info.label}" if info.label and info.label not in ("autosave", "quicksave") else ""
    where = f"The end: {info.ending}" if info.ending else f"{info.day}, {info.slot_name} · {info.location}"
    return (
        f"{slot_title(info.slot)}{label}\n"
        f"   {where} · saved {saved_time(info.saved_at)} · played {play_time(info.play_seconds)}"
    )


class SaveScreen(PanelScreen[None]):
    """Pick a slot to save into; the label field names the save."""

    HEADING = "Save game"

    def __init__(self, store: SaveStore, default_label: str) -> None:
        super().__init__()
        self._store = store
        self._default_label = default_label

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="save-label-row"):
            yield Label("Label", classes="setting-label")
            yield Input(value=self._default_label, id="save-label", max_length=60)
        yield OptionList(id="save-slots", markup=False)
        yield Static(plain("Enter saves into the highlighted slot. Tab moves between the label and the slots."),
                     classes="screen-hint")  # fmt: skip

    def on_mount(self) -> None:
        self.refresh_slots()
        self.query_one("#save-slots", OptionList).focus()

    def refresh_slots(self) -> None:
        """List the nine slots with what each holds now."""
        existing = {info.slot: info for info in self._store.list()}
        slots = self.query_one("#save-slots", OptionList)
        keep = slots.highlighted or 0
        slots.clear_options()
        for slot in MANUAL_SLOTS:
            info = existing.get(slot)
            text = slot_lines(info) if info is not None else f"{slot_title(slot)}: empty"
            slots.add_option(Option(plain(text), id=slot))
        slots.highlighted = keep

    @on(Input.Submitted, "#save-label")
    def _label_done(self) -> None:
        self.query_one("#save-slots", OptionList).focus()

    @on(OptionList.OptionSelected, "#save-slots")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        slot = event.option_id or ""
        label = self.query_one("#save-label", Input).value.strip()
        taken = any(info.slot == slot for info in self._store.list())

        def write(sure: bool | None = True) -> None:
            if sure and self.game.save_game(slot, label):
                self.dismiss(None)

        if taken:
            self.app.push_screen(
                ConfirmModal("Overwrite?", f"{slot_title(slot)} already holds a save. Replace it?", yes="Overwrite"),
                write,
            )
        else:
            write()


class LoadScreen(PanelScreen[None]):
    """Every save in the folder, newest first; damaged ones last, with their problem.

    In a browser (`archer serve`) a save can also be downloaded as a file, and a file uploaded back through
    the server's upload page; the list is read again whenever the browser tab comes back into focus.
    """

    HEADING = "Load game"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("d,delete", "delete", "Delete"),
        Binding("e", "download", "Download"),
        Binding("i", "upload", "Upload"),
    ]

    def __init__(self, store: SaveStore) -> None:
        super().__init__()
        self._store = store

    def compose_body(self) -> ComposeResult:
        hint = "Enter loads the highlighted save; d deletes it."
        if self.app.is_web:
            hint = "Enter loads the highlighted save; d deletes it; e downloads it; i uploads a save file."
        yield OptionList(id="load-slots", markup=False)
        yield Static(plain(hint), classes="screen-hint")

    def on_mount(self) -> None:
        self.refresh_slots()
        self.query_one("#load-slots", OptionList).focus()
        if self.app.is_web:
            # An upload in another tab adds a save: look again when the tab is back, and every few seconds.
            self._seen = self._folder_stamp()
            self.watch(self.app, "app_focus", self._look_again, init=False)
            self.set_interval(FOLDER_LOOK_SECONDS, self._look_again)

    def _folder_stamp(self) -> frozenset[tuple[str, int]]:
        try:
            return frozenset((p.name, p.stat().st_mtime_ns) for p in self._store.folder.glob("*.json"))
        except OSError:
            return frozenset()

    def _look_again(self, _focused: bool = True) -> None:
        stamp = self._folder_stamp()
        if stamp != self._seen:
            self._seen = stamp
            self.refresh_slots()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("download", "upload"):
            return self.app.is_web  # a terminal player has the files already
        return True

    def _highlighted(self) -> SlotInfo | None:
        slots = self.query_one("#load-slots", OptionList)
        if slots.highlighted is None:
            return None
        return self._infos.get(slots.get_option_at_index(slots.highlighted).id or "")

    def action_download(self) -> None:
        """Send the highlighted save to the browser as a file."""
        info = self._highlighted()
        if info is None:
            return
        self.app.deliver_binary(info.path, save_filename=f"{info.slot}.json", mime_type="application/json")
        self.game.notify(f"{slot_title(info.slot)} is downloading as {info.slot}.json.", title="Download")

    def action_upload(self) -> None:
        """Open the server's upload page in a new browser tab."""
        self.app.open_url("upload", new_tab=True)
        self.game.notify(
            "The upload page opened in a new tab. When it says the save was kept, come back: it is listed here.",
            title="Upload",
            timeout=10,
        )

    def refresh_slots(self) -> None:
        """List the saves as they are on disk now."""
        self._infos = {info.slot: info for info in self._store.list()}
        slots = self.query_one("#load-slots", OptionList)
        slots.clear_options()
        if not self._infos:
            slots.add_option(Option(plain("No saves yet."), id="__none__", disabled=True))
            return
        for info in self._infos.values():
            slots.add_option(Option(plain(slot_lines(info)), id=info.slot))
        slots.highlighted = 0

    @on(OptionList.OptionSelected, "#load-slots")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        info = self._infos.get(event.option_id or "")
        if info is None:
            return
        if not info.ok:
            self.app.push_screen(
                MessageModal(
                    "This save cannot be loaded",
                    f"{slot_title(info.slot)} is damaged: {info.problem or 'it cannot be read'}\n\n"
                    # A visitor of a served game is not told where the server keeps files.
                    + ("" if self.game.options.hosted else f"File: {info.path}\n\n")
                    + "Nothing was loaded. Pick another save (the autosaves may be recent), "
                    "or delete this one with d.",
                    error=True,
                )
            )
            return
        self.game.load_game(info.slot)

    def action_delete(self) -> None:
        """Delete the highlighted save, after asking."""
        slots = self.query_one("#load-slots", OptionList)
        if slots.highlighted is None:
            return
        slot = slots.get_option_at_index(slots.highlighted).id
        if not slot or slot not in self._infos:
            return

        def delete(sure: bool | None) -> None:
            if sure and self.game.delete_save(slot):
                self.refresh_slots()

        self.app.push_screen(
            ConfirmModal("Delete?", f"Delete {slot_title(slot)}? This cannot be undone.", yes="Delete"), delete
        )
