# SPDX-License-Identifier: GPL-3.0-or-later
"""The repertoire: every story loads, fills, and reaches every scene and ending."""

import pytest

from fmdesk.director.offline import check
from fmdesk.director.offline.plan import repertoire, stories
from fmdesk.director.offline.story import StoryError, load_story


def test_twelve_stories_of_different_shapes():
    found = stories()
    assert len(found) >= 12
    for story in found:
        assert len(story.endings) >= 3
        kinds = {s.kind for s in story.scenes}
        assert len(kinds) >= 2, f"{story.key}: every question of one kind"
    # Not always the same number of questions.
    assert len({len(s.scenes) for s in found}) >= 2


@pytest.mark.parametrize("story", repertoire(), ids=lambda s: s.key)
def test_each_story_is_sound(story):
    assert check.problems(story) == []


def test_the_checker_finds_an_unreachable_ending_and_a_typo(tmp_path):
    text = (check.STORIES / "rescue.toml").read_text()
    text = text.replace('when = "score>=4 and !hurt"', 'when = "score>=40"')
    text = text.replace("Tracks! [Fresh boot", "Tracks! {trackz} [Fresh boot")
    (tmp_path / "rescue.toml").write_text(text)
    found = check.problems(load_story(tmp_path / "rescue.toml"))
    assert any("ending 'textbook' can never be reached" in p for p in found)
    assert any("{trackz}" in p for p in found)
    assert check.main([str(tmp_path)]) == 1


@pytest.mark.parametrize("broken, said", [
    ('key = "x"\n[[roles]]\nkey="a"\nrole="r"\npersonality="p"\n', "at least two [[roles]]"),
    ("key = = 1", "rescue.toml"),
])
def test_a_broken_story_is_one_clear_sentence(tmp_path, broken, said):
    path = tmp_path / "rescue.toml"
    path.write_text(broken)
    with pytest.raises(StoryError) as caught:
        load_story(path)
    assert said in str(caught.value) and "\n" not in str(caught.value)
