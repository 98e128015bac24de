# SPDX-License-Identifier: GPL-3.0-or-later
from fmdesk.core.casting import ActorCard, cast, caller_gender
from fmdesk.core.mission import Caller

ACTORS = [ActorCard("joe", "male"), ActorCard("gravel", "male"), ActorCard("alpha", "female"),
          ActorCard("nezumi", "female"), ActorCard("mira", "female"), ActorCard("neutral", "any")]


def callers(*specs):
    return tuple(Caller(name=n, role=r, gender=g) for n, r, g in specs)


CREW = callers(("Leila Haddad", "epidemiologist", "female"), ("Sam Whitlock", "county sheriff", "male"),
               ("Tove Lind", "lab technician", "female"), ("Ray", "pilot", "any"))


def test_every_caller_gets_a_voice_of_their_own():
    cast_ = cast(CREW, ACTORS)
    voices = [c.voice for c in cast_]
    assert None not in voices and len(set(voices)) == len(voices)


def test_gender_hints_are_honoured():
    by = {c.name: c.voice for c in cast(CREW, ACTORS)}
    gender = {a.name: a.gender for a in ACTORS}
    assert gender[by["Leila Haddad"]] in ("female", "any")
    assert gender[by["Sam Whitlock"]] in ("male", "any")
    assert caller_gender(Caller(name="Ma", role="the ferry captain's mother")) == "female"
    assert caller_gender(Caller(name="X", role="radio operator")) == "any"


def test_the_same_callers_are_cast_the_same_way_in_any_order_of_actors():
    assert cast(CREW, ACTORS) == cast(CREW, list(reversed(ACTORS)))


def test_different_callers_get_different_casts():
    other = callers(("Mara Quint", "harbour master", "female"), ("Oleg", "diver", "male"))
    firsts = {cast(callers((f"Caller {i}", "scout", "any")), ACTORS)[0].voice for i in range(20)}
    assert len(firsts) >= 4, "the name moves the choice around the whole cast"
    assert cast(other, ACTORS) != cast(CREW[:2], ACTORS)


def test_a_stored_voice_is_kept_and_a_missing_one_recast():
    first = cast(CREW, ACTORS)
    assert cast(first, ACTORS) == first, "stable on resume"
    gone = first[0].voice
    fewer = [a for a in ACTORS if a.name != gone]
    again = cast(first, fewer)
    assert again[0].voice != gone and again[1:] == first[1:]
    assert len({c.voice for c in again}) == len(again)


def test_more_callers_than_actors_share_the_least_used_and_no_actors_change_nothing():
    many = callers(*[(f"Caller {i}", "scout", "any") for i in range(5)])
    two = [ActorCard("a"), ActorCard("b")]
    voices = [c.voice for c in cast(many, two)]
    assert sorted(voices.count(n) for n in ("a", "b")) == [2, 3]
    assert cast(CREW, []) == CREW
