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


# The shipped English cast's cards (voice/english.py and Piper's joe), and two Japanese-trained ones.
CAST = [ActorCard("joe", "male", "us", 99, "adult"), ActorCard("onyx", "male", "us", 84, "older"),
        ActorCard("michael", "male", "us", 116, "adult"), ActorCard("fenrir", "male", "us", 133, "young"),
        ActorCard("nova", "female", "us", 156, "older"), ActorCard("sarah", "female", "us", 186, "adult"),
        ActorCard("bella", "female", "us", 198, "young"), ActorCard("lewis", "male", "uk", 91, "older"),
        ActorCard("fable", "male", "uk", 116, "adult"), ActorCard("george", "male", "uk", 143, "older"),
        ActorCard("emma", "female", "uk", 179, "adult"), ActorCard("alice", "female", "uk", 216, "young"),
        ActorCard("kumo", "male", "ja", 120), ActorCard("alpha", "female", "ja", 230)]
ACCENT = {a.name: a.accent for a in CAST}
AGE = {a.name: a.age for a in CAST}
PITCH = {a.name: a.pitch_hz for a in CAST}


def test_an_accent_in_the_brief_picks_a_fitting_voice():
    by = {c.name: c.voice for c in cast(callers(("Fiona Reid", "Scottish lighthouse keeper", "female"),
                                                 ("Kenji Sato", "Japanese freighter captain", "male"),
                                                 ("Ray", "London cabbie", "male")), CAST)}
    assert ACCENT[by["Fiona Reid"]] == "uk" and ACCENT[by["Ray"]] == "uk"
    assert ACCENT[by["Kenji Sato"]] == "ja"


def test_japanese_trained_voices_only_on_a_hint():
    many = callers(*[(f"Caller {i}", "scout", "any") for i in range(12)])
    assert all(ACCENT[c.voice] != "ja" for c in cast(many, CAST))


def test_callers_of_one_mission_are_far_apart_in_pitch():
    import math
    worst = []
    for i in range(40):
        crew = callers((f"Ann {i}", "medic", "female"), (f"Bo {i}", "pilot", "male"), (f"Cy {i}", "driver", "male"))
        hz = [PITCH[c.voice] for c in cast(crew, CAST)]
        worst.append(min(abs(12 * math.log2(a / b)) for j, a in enumerate(hz) for b in hz[j + 1:]))
    assert min(worst) >= 3.0, "two callers of a mission within 3 semitones"


def test_a_far_caller_comes_in_on_a_weaker_signal():
    from fmdesk.core.casting import caller_signal
    assert caller_signal(Caller(name="Sam", role="helicopter pilot")) < 1.0
    assert caller_signal(Caller(name="Ada", role="lifeboat coxswain")) < 1.0
    assert caller_signal(Caller(name="Lee", role="county sheriff")) == 1.0


def test_age_in_the_brief_picks_a_voice_of_that_age():
    from fmdesk.core.casting import caller_age
    assert caller_age(Caller(name="Nan", role="retired lighthouse keeper")) == "older"
    assert caller_age(Caller(name="Pip", role="student on a field trip")) == "young"
    assert caller_age(Caller(name="Lee", role="county sheriff")) == ""
    for i in range(20):
        crew = callers((f"Edna {i}", "elderly widow on the farm", "female"), (f"Tom {i}", "teenage boy", "male"),
                       (f"Rae {i}", "rookie paramedic", "female"), (f"Abe {i}", "old fisherman", "male"))
        assert [AGE[c.voice] for c in cast(crew, CAST)] == ["older", "young", "young", "older"]


def test_the_shipped_english_cast_matches_these_cards():
    from fmdesk.voice import english
    shipped = {r.name: (r.gender, r.accent, r.pitch_hz, r.age) for r in english.CAST}
    assert shipped == {a.name: (a.gender, a.accent, a.pitch_hz, a.age) for a in CAST if a.name in shipped}
    assert len(shipped) == 11
