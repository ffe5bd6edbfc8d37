"""`archer serve`: the same Textual game, played in a browser through textual-serve.

Each browser connection gets a game process of its own. Importing this package, or game.serve.cli for the
command's arguments, loads nothing heavy; the web server (aiohttp, textual-serve) is imported when it starts.
"""
