"""Every key the game answers to, grouped by where it works. The help screen shows this table, and a test
checks that every key bound on a screen appears here."""

from __future__ import annotations

from textual.binding import Binding

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("ctrl+q", "Quit (asks first when progress is unsaved)"),
            ("ctrl+p", "Command palette: every main action by name"),
            ("f1", "Help: this list"),
            ("escape", "Close a dialog or go back"),
            ("tab / shift+tab", "Move between parts of a screen"),
        ),
    ),
    (
        "Title screen",
        (
            ("up / down / enter", "Pick from the menu"),
            ("q", "Quit"),
        ),
    ),
    (
        "Any screen of a game",
        (
            ("ctrl+s", "Save to a slot"),
            ("ctrl+l", "Load a game"),
            ("f5", "Quicksave"),
            ("f9", "Quickload"),
        ),
    ),
    (
        "Playing",
        (
            ("1-9, 0", "Take that choice, 0 the tenth (also while the text is still appearing)"),
            ("pagedown / pageup", "Read on, or back up, through a long scene"),
            ("down / up", "Read on through the scene, then move through the choices"),
            ("enter", "Take the highlighted choice"),
            ("space, click", "Show the rest of the text at once"),
            ("n", "Notebook"),
            ("s", "Suspects (present evidence from there)"),
            ("b", "Deduction board"),
            ("a", "Accuse (where the story allows it; the refusal says where and when)"),
            ("h", "History: the text read and the choices made"),
            ("u", "Undo the last action"),
            ("p", "Show or hide the side panel"),
            ("o", "Settings"),
            ("?", "Help: this list"),
            ("escape", "Game menu"),
        ),
    ),
    (
        "Suspects",
        (
            ("up / down", "Pick a person or a statement"),
            ("enter", "On a person: their statements; on a statement: present evidence against it"),
            ("m", "Mark the person: suspect, unsure, cleared, or unmarked again"),
        ),
    ),
    (
        "Deduction board",
        (
            ("space", "Select or unselect a piece of evidence ([x] marks the selected)"),
            ("l", "Link the selected evidence"),
            ("x", "Unlink the highlighted link"),
            ("c", "Confirm the links"),
        ),
    ),
    (
        "Accusation",
        (
            ("enter", "Pick the person, then the motive (each moves on to the next tab)"),
            ("space", "Cite or uncite a piece of evidence ([x] marks the cited)"),
            ("ctrl+a", "Make the accusation (asks first)"),
        ),
    ),
    (
        "History",
        (
            ("i", "Switch between the story and the investigation log"),
        ),
    ),
    (
        "Saves",
        (
            ("enter", "Save into the slot, or load the save"),
            ("d / delete", "Delete the highlighted save (asks first)"),
            ("e", "In a browser: download the highlighted save as a file"),
            ("i", "In a browser: upload a save file (opens a new tab)"),
        ),
    ),
    (
        "Dialogs",
        (
            ("y / n", "Answer yes or no"),
            ("s / q", "When quitting with unsaved progress: save and quit, or quit"),
        ),
    ),
)
"""(where, ((keys, what they do), ...)), in the order the help screen shows them."""


def key_tokens() -> set[str]:
    """Every single key named in the table (`1-9` counts as the nine digits), for tests and checks."""
    names = {"?": "question_mark"}
    tokens: set[str] = set()
    for _, rows in KEYS:
        for keys, _what in rows:
            for part in keys.replace(",", " / ").split(" / "):
                for word in part.split():
                    if word == "1-9":
                        tokens.update(str(n) for n in range(1, 10))
                    else:
                        tokens.add(names.get(word, word))
    return tokens


BROWSER_KEYS: tuple[tuple[str, str, str], ...] = (
    ("ctrl+q", "Q", "Quit"),
    ("ctrl+p", "P", "Commands"),
    ("f1", "question_mark", "Help"),
    ("ctrl+s", "S", "Save"),
    ("ctrl+l", "L", "Load"),
    ("f5", "K", "Quicksave"),
    ("f9", "R", "Quickload"),
    ("ctrl+a", "A", "Accuse"),
)
"""(key, twin, what): the game's keys that a browser may keep for itself (quit, print, help, save the page, the
address bar, reload, select all) and the key that does the same when the game runs in a browser (`archer serve`),
shown in the footer there (Textual's key names: `question_mark` is `?`). The game binds none of the keys that no
page can have (BROWSER_RESERVED)."""

BROWSER_RESERVED = frozenset({"ctrl+w", "ctrl+n", "ctrl+t", "ctrl+tab", "ctrl+shift+tab", "f11", "f12"})
"""Keys a browser never passes to a page: nothing in the game may be bound to them."""


def in_browser(keys: str) -> str:
    """A key cell of the table as a browser player reads it: the twin first, where there is one."""
    twins = {key: twin for key, twin, _ in BROWSER_KEYS}
    if keys not in twins:
        return keys
    return f"{'?' if twins[keys] == 'question_mark' else twins[keys]} ({keys})"


def twins(*keys: str) -> list[Binding]:
    """Bindings for the browser twins of `keys`, to put beside the keys' own: shown in the footer and working
    in a browser, hidden and off elsewhere (ArcherApp.check_action)."""
    return [Binding(twin, f"app.browser('{key}')", what) for key, twin, what in BROWSER_KEYS if key in keys]
