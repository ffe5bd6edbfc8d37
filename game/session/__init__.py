"""One game in progress, shared by every front end (plain mode, the TUI, the browser), with no Textual.

- `play`: Session, the game being played: undo, the backlog, play time, save, load and autosave;
- `words`: engine events and story prose as the player reads them;
- `live`: live reload for --dev (StoryWatcher, reload_story);
- `loading`: the story loaded for play, through the compiled-story cache.

Modules are imported by name (`from game.session.play import Session`) so that a front end loads only what it
uses.
"""
