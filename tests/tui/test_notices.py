"""What the game tells the player in passing: the deadline says what is still possible, and a refusal ("Not here")
is a short line under the status line, never a toast over the story text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.widgets import Static

from game.engine.views import Event
from game.session.words import describe
from game.tui.screens.play import PlayScreen
from game.tui.widgets.notice_line import NoticeLine
from game.world import load_story

from .conftest import STORY, make_app, press, ready


async def test_the_deadline_says_the_days_are_over_not_that_the_game_is(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "2", "5")  # Studio A, then out to the hall
        await press(pilot, "3", "3")  # rest to Monday evening, then to Tuesday morning
        await press(pilot, "1", "3")  # out to the hall; rest to Tuesday evening: the deadline
        assert app.session.view.scene_id == "showcase"
        events = str(app.screen.query_one("#events", Static).render())
        assert events.splitlines() == [
            "◆ Time passes: Tuesday, evening",
            "◆ Time is up: Tuesday evening: the days for finding things out are over.",
        ]


def test_a_deadline_scene_that_takes_an_accusation_says_it_is_the_last_chance() -> None:
    story = load_story(STORY).story
    assert story is not None
    showcase = story.scenes["showcase"]
    accusing = replace(story, scenes={**story.scenes, "showcase": showcase._replace(accuse=True)})
    assert describe(accusing, Event("deadline", "showcase", "Time has run out.")) == (
        "Last chance",
        "Tuesday evening: the days for finding things out are over. This is the last chance to make an "
        "accusation, while you have tries left.",
    )


async def test_not_here_is_a_line_above_the_story_that_covers_nothing(saves: Path) -> None:
    app = make_app(saves, case="canon", seed=1)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await press(pilot, "a")  # the first scene takes no accusation
        assert isinstance(app.screen, PlayScreen)
        notice = app.screen.query_one("#notice", NoticeLine)
        assert notice.shown == ("⚠ Not here: You can only make an accusation where the story allows it, while "
                                "tries remain.")
        assert not app._notifications and not list(app.screen.query("Toast"))
        text = app.screen.query_one("#text")
        assert notice.region.bottom <= app.screen.query_one("#scene").region.y  # above the scene, not over it
        assert not notice.region.overlaps(text.region)
        await press(pilot, "2")  # a choice taken: the refusal goes with the scene it was said in
        assert notice.shown == "" and not notice.display
