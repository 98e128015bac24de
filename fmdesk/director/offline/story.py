# SPDX-License-Identifier: GPL-3.0-or-later
"""A story of the offline director, as written in its TOML file.

One file per story in `stories/` (a writer extends the repertoire without
touching code; `python -m fmdesk.director.offline.check` checks them). A
story has roles, values the seed picks, an opening, scenes that each end on
a question to the player, consequences (flags that later scenes, lines and
endings test), at least three endings and a sign-off. The format is told in
stories/README.md.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

STORIES = Path(__file__).parent / "stories"
KINDS = ("choice", "yesno", "number", "free")
GENDERS = ("female", "male", "any")


class StoryError(ValueError):
    """A story file is not a story; the message names the file and the place."""


# The keys each part may have. TOML puts a key written after a [table] header
# into that table, so a stray key is a writer's slip worth naming.
ROOT_KEYS = {"key", "titles", "title", "brief", "story", "task", "roles", "vars", "numbers", "facts",
             "opening", "scenes", "colour", "endings", "sign_off", "asides", "bridge"}
SCENE_KEYS = {"id", "order", "lines", "ask", "hint", "kind", "options", "yes", "yes_also", "no",
              "no_also", "expect", "then", "alone", "alone_lines", "both", "when", "optional",
              "advice", "askback"}
THEN_KEYS = {"lines", "set", "note"}
ENDING_KEYS = {"key", "when", "title", "success", "lines", "summary"}


def _only(raw: dict, allowed: set[str], where: str, source: str) -> None:
    extra = set(raw) - allowed
    if extra:
        raise StoryError(f"{source}: {where}: unknown keys {sorted(extra)} (a key after a [table] "
                         "header belongs to that table: put top-level keys first)")


# -- conditions: "late", "!late", "score>=2", joined by "and" / "or" --------------

_TEST = re.compile(r"^(!?)([a-z_][a-z0-9_]*)(?:(>=|<=|==|!=|>|<)(-?\d+))?$")


def check_condition(text: str) -> None:
    for part in re.split(r"\s+(?:and|or)\s+", text.strip()):
        if not _TEST.match(part.strip()):
            raise StoryError(f"'{text}' is not a condition (like: late, !late, score>=2, a and b)")


def holds(text: str, flags: dict[str, int]) -> bool:
    """`or` binds looser than `and`, as in Python; an unknown flag is 0."""
    if not text.strip():
        return True
    return any(all(_test(p.strip(), flags) for p in re.split(r"\s+and\s+", alt))
               for alt in re.split(r"\s+or\s+", text.strip()))


def _test(part: str, flags: dict[str, int]) -> bool:
    neg, name, op, num = _TEST.match(part).groups()
    value = flags.get(name, 0)
    if op is None:
        result = value != 0
    else:
        n = int(num)
        result = {">=": value >= n, "<=": value <= n, "==": value == n, "!=": value != n,
                  ">": value > n, "<": value < n}[op]
    return not result if neg else result


def apply(changes: dict[str, int | str], flags: dict[str, int]) -> dict[str, int]:
    """`{late = 1}` sets; `{score = "+1"}` adds."""
    out = dict(flags)
    for name, change in changes.items():
        if isinstance(change, str):
            out[name] = out.get(name, 0) + int(change)
        else:
            out[name] = int(change)
    return out


# -- the parts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    """A line: who says it, its variants (one is picked per mission), and
    when it is said at all. Variants may hold `[a|b]` groups, each of which
    picks one alternative."""

    by: str
    variants: tuple[str, ...]
    when: str = ""


@dataclass(frozen=True)
class Option:
    key: str
    say: str  # how the caller names it: what the player's words are compared to
    also: tuple[str, ...] = ()  # words or phrases that name it


@dataclass(frozen=True)
class Then:
    """What a decision leads to."""

    lines: tuple[Said, ...]
    set: dict[str, int | str]
    note: str  # the debrief's sentence for it


@dataclass(frozen=True)
class Scene:
    id: str
    order: int
    lines: tuple[Said, ...]  # the last one asks the question
    ask: str  # the asker's role
    hint: str
    kind: Literal["choice", "yesno", "number", "free"]
    options: tuple[Option, ...]  # choice: in the order the caller says them; yesno: yes, no
    expect: str  # number: the digits, a template
    then: dict[str, Then]  # option key / "yes" / "no" / "right" / "wrong" / "any"
    alone: str  # the key the caller goes with when the player does not decide
    alone_lines: tuple[Said, ...]
    both: str = ""  # the key a "both" / "split it" answer means, when it means one
    when: str = ""
    optional: bool = False
    advice: Said | None = None
    askback: Said | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.then)


@dataclass(frozen=True)
class Ending:
    key: str
    when: str
    title: str
    success: bool
    lines: tuple[Said, ...]
    summary: str


@dataclass(frozen=True)
class Role:
    key: str
    role: str
    personality: str
    gender: str


@dataclass(frozen=True)
class Story:
    key: str
    titles: tuple[str, ...]
    brief: str
    story: str
    task: str
    roles: tuple[Role, ...]
    vars: dict[str, tuple[str, ...]]
    numbers: dict[str, Any]
    facts: dict[str, Said]  # by topic; `by` "" when any caller may say it
    opening: tuple[Said, ...]
    scenes: tuple[Scene, ...]
    colour: tuple[Said, ...]
    endings: tuple[Ending, ...]
    sign_off: Said
    asides: tuple[Said, ...] = ()
    # Stories the seed never picks (the bridge for another director's brief).
    bridge: bool = False
    source: str = ""

    def scene(self, scene_id: str) -> Scene | None:
        return next((s for s in self.scenes if s.id == scene_id), None)

    def role(self, key: str) -> Role:
        return next(r for r in self.roles if r.key == key)


# -- reading a file --------------------------------------------------------------------


class _Reader:
    def __init__(self, source: str, roles: set[str]):
        self.source = source
        self.roles = roles

    def fail(self, where: str, what: str) -> StoryError:
        return StoryError(f"{self.source}: {where}: {what}")

    def said(self, raw: Any, where: str) -> Said:
        if isinstance(raw, list) and len(raw) >= 2 and all(isinstance(x, str) for x in raw):
            by, variants, when = raw[0], tuple(raw[1:]), ""
        elif isinstance(raw, dict) and isinstance(raw.get("by"), str):
            say = raw.get("say")
            variants = (say,) if isinstance(say, str) else tuple(say or ())
            by, when = raw["by"], str(raw.get("when", ""))
            extra = set(raw) - {"by", "say", "when"}
            if extra:
                raise self.fail(where, f"unknown keys {sorted(extra)} in a line")
        else:
            raise self.fail(where, 'a line is ["role", "text", "another text"...] or {by=, say=, when=}')
        if by not in self.roles:
            raise self.fail(where, f"'{by}' is not a role of this story")
        if not variants or not all(isinstance(v, str) and v.strip() for v in variants):
            raise self.fail(where, "a line needs at least one text")
        for v in variants:
            if v.count("[") != v.count("]"):
                raise self.fail(where, f"unbalanced [a|b] group in '{v}'")
        if when:
            self.condition(when, where)
        return Said(by, variants, when)

    def lines(self, raw: Any, where: str) -> tuple[Said, ...]:
        if not isinstance(raw, list):
            raise self.fail(where, "expected a list of lines")
        return tuple(self.said(x, f"{where}[{i}]") for i, x in enumerate(raw))

    def condition(self, text: str, where: str) -> None:
        try:
            check_condition(text)
        except StoryError as exc:
            raise self.fail(where, str(exc)) from None


def _str(raw: dict, key: str, reader: _Reader, where: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise reader.fail(where, f"'{key}' must be text")
    return value


def load_story(path: Path) -> Story:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoryError(f"{path.name}: {exc}") from None
    return parse_story(raw, path.name)


def parse_story(raw: dict, source: str) -> Story:
    _only(raw, ROOT_KEYS, "top level", source)
    roles_raw = raw.get("roles")
    probe = _Reader(source, set())
    if not isinstance(roles_raw, list) or len(roles_raw) < 2:
        raise probe.fail("roles", "a story needs at least two [[roles]]")
    roles = []
    for i, r in enumerate(roles_raw):
        gender = r.get("gender", "any")
        if gender not in GENDERS:
            raise probe.fail(f"roles[{i}]", f"gender is one of {GENDERS}")
        roles.append(Role(_str(r, "key", probe, f"roles[{i}]"), _str(r, "role", probe, f"roles[{i}]"),
                          _str(r, "personality", probe, f"roles[{i}]"), gender))
    reader = _Reader(source, {r.key for r in roles})
    scenes = tuple(_scene(s, i, reader) for i, s in enumerate(raw.get("scenes", [])))
    if len({s.id for s in scenes}) != len(scenes):
        raise reader.fail("scenes", "two scenes share an id")
    endings = []
    for i, e in enumerate(raw.get("endings", [])):
        where = f"endings[{i}]"
        _only(e, ENDING_KEYS, where, source)
        when = str(e.get("when", ""))
        if when:
            reader.condition(when, where)
        endings.append(Ending(_str(e, "key", reader, where), when, _str(e, "title", reader, where),
                              bool(e.get("success", False)), reader.lines(e.get("lines", []), where),
                              _str(e, "summary", reader, where)))
    if len(endings) < 3 and not raw.get("bridge"):
        raise reader.fail("endings", "a story needs at least three endings")
    if not endings or endings[-1].when:
        raise reader.fail("endings", "the last ending is the one left: it has no 'when'")
    facts = {topic: _fact(v, reader, f"facts.{topic}") for topic, v in raw.get("facts", {}).items()}
    story = Story(
        key=_str(raw, "key", reader, "key"),
        titles=tuple(raw.get("titles", ())) or (_str(raw, "title", reader, "title"),),
        brief=_str(raw, "brief", reader, "brief"), story=_str(raw, "story", reader, "story"),
        task=_str(raw, "task", reader, "task"), roles=tuple(roles),
        vars={k: tuple(v) for k, v in raw.get("vars", {}).items()},
        numbers=dict(raw.get("numbers", {})), facts=facts,
        opening=reader.lines(raw.get("opening", []), "opening"), scenes=scenes,
        colour=reader.lines(raw.get("colour", []), "colour"), endings=tuple(endings),
        sign_off=reader.said(raw.get("sign_off"), "sign_off"),
        asides=reader.lines(raw.get("asides", []), "asides"),
        bridge=bool(raw.get("bridge", False)), source=source)
    if not scenes:
        raise reader.fail("scenes", "a story needs at least one scene")
    return story


def _fact(raw: Any, reader: _Reader, where: str) -> Said:
    """A fact a caller answers a question with: text (or texts) any caller
    may say (`by` is ""), or {by=, say=} when only that caller knows it."""
    if isinstance(raw, dict):
        return reader.said(raw, where)
    variants = (raw,) if isinstance(raw, str) else tuple(raw) if isinstance(raw, list) else ()
    if not variants or not all(isinstance(v, str) and v.strip() for v in variants):
        raise reader.fail(where, 'a fact is "text", ["text", "another"], or {by="role", say=[...]}')
    return Said("", variants)


def _scene(raw: dict, index: int, reader: _Reader) -> Scene:
    sid = _str(raw, "id", reader, f"scenes[{index}]")
    where = f"scene '{sid}'"
    _only(raw, SCENE_KEYS, where, reader.source)
    kind = raw.get("kind", "choice")
    if kind not in KINDS:
        raise reader.fail(where, f"kind is one of {KINDS}")
    lines = reader.lines(raw.get("lines", []), where + ".lines")
    if not lines:
        raise reader.fail(where, "a scene needs lines, the last one asking the question")
    ask = raw.get("ask", lines[-1].by)
    if ask not in reader.roles:
        raise reader.fail(where, f"ask: '{ask}' is not a role")
    options: tuple[Option, ...] = ()
    expect = ""
    if kind == "choice":
        opts = raw.get("options", [])
        if len(opts) < 2:
            raise reader.fail(where, "a choice needs at least two options")
        options = tuple(Option(_str(o, "key", reader, where), _str(o, "say", reader, where),
                               tuple(o.get("also", ()))) for o in opts)
        keys = {o.key for o in options}
    elif kind == "yesno":
        options = (Option("yes", _str(raw, "yes", reader, where), tuple(raw.get("yes_also", ()))),
                   Option("no", _str(raw, "no", reader, where), tuple(raw.get("no_also", ()))))
        keys = {"yes", "no"}
    elif kind == "number":
        expect = _str(raw, "expect", reader, where)
        keys = {"right", "wrong"}
    else:
        keys = {"any"}
    then_raw = raw.get("then", {})
    if set(then_raw) != keys:
        raise reader.fail(where, f"'then' must have exactly {sorted(keys)}, has {sorted(then_raw)}")
    then = {}
    for key in ([o.key for o in options] if kind in ("choice", "yesno") else sorted(keys)):
        t = then_raw[key]
        _only(t, THEN_KEYS, f"{where}.then.{key}", reader.source)
        changes = t.get("set", {})
        for name, change in changes.items():
            if not (isinstance(change, int) or (isinstance(change, str) and re.fullmatch(r"[+-]\d+", change))):
                raise reader.fail(f"{where}.then.{key}", f"set {name}: a number, or \"+1\" / \"-1\"")
        then[key] = Then(reader.lines(t.get("lines", []), f"{where}.then.{key}"), dict(changes),
                         _str(t, "note", reader, f"{where}.then.{key}"))
    alone = raw.get("alone", next(iter(then)))
    if alone not in then:
        raise reader.fail(where, f"alone: '{alone}' is not one of {sorted(then)}")
    both = raw.get("both", "")
    if both and both not in then:
        raise reader.fail(where, f"both: '{both}' is not one of {sorted(then)}")
    when = str(raw.get("when", ""))
    if when:
        reader.condition(when, where)
    return Scene(
        id=sid, order=int(raw.get("order", index)), lines=lines, ask=ask,
        hint=_str(raw, "hint", reader, where), kind=kind, options=options, expect=expect,
        then=then, alone=alone, alone_lines=reader.lines(raw.get("alone_lines", []), where + ".alone_lines"),
        both=both, when=when, optional=bool(raw.get("optional", False)),
        advice=reader.said(raw["advice"], where + ".advice") if "advice" in raw else None,
        askback=reader.said(raw["askback"], where + ".askback") if "askback" in raw else None)


def load_all(folder: Path = STORIES) -> tuple[Story, ...]:
    return tuple(load_story(p) for p in sorted(folder.glob("*.toml")))
