# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the offline director's stories: each loads, every template fills,
every scene can be reached and every ending can be reached.

    python -m fmdesk.director.offline.check [folder]

Exit status 0 when every story is sound; otherwise one line per problem.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from fmdesk.director.offline.plan import _plan
from fmdesk.director.offline.reading import normalise, words
from fmdesk.director.offline.story import STORIES, Said, Story, StoryError, apply, holds, load_story


def problems(story: Story) -> list[str]:
    out: list[str] = []
    plan = _plan(story, 0, "CALLSIGN", random.Random(0))
    for where, said in _all_lines(story):
        for variant in said.variants:
            text = plan.render(variant, "check", me="ME", my_role="ROLE", task="TASK")
            left = re.findall(r"\{[^{}]*\}", text)
            if left:
                out.append(f"{story.source}: {where}: unknown value {left[0]} in '{variant}'")
    out += _confusable(story, plan)
    out += _doubled_articles(story)
    scenes = sorted(story.scenes, key=lambda s: s.order)
    seen_scenes: set[str] = set()
    seen_endings: set[str] = set()
    visited: set[tuple] = set()

    def walk(index: int, flags: dict[str, int]) -> None:
        key = (index, tuple(sorted(flags.items())))
        if key in visited:
            return
        visited.add(key)
        if index == len(scenes):
            seen_endings.add(next(e.key for e in story.endings if holds(e.when, flags)))
            return
        scene = scenes[index]
        if not holds(scene.when, flags):
            walk(index + 1, flags)
            return
        if scene.optional:
            walk(index + 1, flags)
        seen_scenes.add(scene.id)
        for then in scene.then.values():
            walk(index + 1, apply(then.set, flags))

    walk(0, {})
    for scene in story.scenes:
        if scene.id not in seen_scenes:
            out.append(f"{story.source}: scene '{scene.id}' can never be reached")
    for ending in story.endings:
        if ending.key not in seen_endings:
            out.append(f"{story.source}: ending '{ending.key}' can never be reached")
    return out


def _doubled_articles(story: Story) -> list[str]:
    """"the {peak}" with a peak named "the Grey Tooth" says "the the"."""
    out = []
    for where, said in _all_lines(story):
        for variant in said.variants:
            for name in re.findall(r"\b[Tt]he \{([a-z_]+)\}", variant):
                doubled = [v for v in story.vars.get(name, ()) if v.lower().startswith("the ")]
                if doubled:
                    out.append(f"{story.source}: {where}: 'the {{{name}}}' reads 'the {doubled[0]}'")
    return out


def _confusable(story: Story, plan) -> list[str]:
    """An option's alias that is also in another option's own phrase makes
    the other option's words name both ("frame" in "cut it out of the frame")."""
    out = []
    for scene in story.scenes:
        for option in scene.options:
            for alias in option.also:
                said = words(normalise(plan.render(alias)))
                for other in scene.options:
                    theirs = words(normalise(plan.render(other.say)))
                    if other is not option and any(theirs[i:i + len(said)] == said for i in range(len(theirs))):
                        out.append(f"{story.source}: scene '{scene.id}': '{alias}' for '{option.key}' is also "
                                   f"in '{other.say}', the phrase of '{other.key}'")
    return out


def _all_lines(story: Story) -> list[tuple[str, Said]]:
    found: list[tuple[str, Said]] = [("opening", s) for s in story.opening]
    found += [("colour", s) for s in story.colour] + [("asides", s) for s in story.asides]
    found += [(f"facts.{k}", s) for k, s in story.facts.items()] + [("sign_off", story.sign_off)]
    for scene in story.scenes:
        found += [(f"scene '{scene.id}'", s) for s in scene.lines + scene.alone_lines]
        found += [(f"scene '{scene.id}'", s) for s in (scene.advice, scene.askback) if s is not None]
        for key, then in scene.then.items():
            found += [(f"scene '{scene.id}'.then.{key}", s) for s in then.lines]
            found.append((f"scene '{scene.id}'.then.{key}.note", Said(story.roles[0].key, (then.note,))))
        found.append((f"scene '{scene.id}'.hint", Said(story.roles[0].key, (scene.hint,))))
    for ending in story.endings:
        found += [(f"ending '{ending.key}'", s) for s in ending.lines]
        found.append((f"ending '{ending.key}'.summary", Said(story.roles[0].key, (ending.summary,))))
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else STORIES
    found: list[str] = []
    count = 0
    for path in sorted(folder.glob("*.toml")):
        try:
            story = load_story(path)
        except StoryError as exc:
            found.append(str(exc))
            continue
        count += 1
        found += problems(story)
    for line in found:
        print(f"✗ {line}")
    if not found:
        print(f"✓ {count} stories load, fill, and reach every scene and ending")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
