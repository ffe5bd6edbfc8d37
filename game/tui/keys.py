"""Every key the game answers to, grouped by where it works. The help screen shows this table, and a test
checks that every key bound on a screen appears here."""

from __future__ import annotations

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
            ("1-9", "Take that choice (also while the text is still appearing)"),
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
