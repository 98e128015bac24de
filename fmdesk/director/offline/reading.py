# SPDX-License-Identifier: GPL-3.0-or-later
"""Understanding a player's answer by meaning: rules first, then a sentence model.

The rules, in order:

1. Nothing said is silence. After "correction", "I mean", "scratch that",
   only what follows counts.
2. Non-answers: "say again" / "repeat"; "I don't know" / "your call"; a
   question to the caller (its topic: name, where, hurt, weather...).
   Each counts only when no later clause decides.
3. The answer is cut into clauses (commas, "but", "then", "so"...) and the
   last clause that decides wins: "no, don't wait, move him" is a yes.
4. Choices: "both" / "split it" (the compromise, where the question has
   one); ordinals in the order the caller said the options ("the first
   one", "the latter"); an option named; an option named after a negation
   ("anything but the ridge", "not the ridge", "the helicopter can't fly")
   means the other one when there are two.
5. Yes / no: yes and no words, and each question's own pair of phrases for
   what yes and no mean ("move him now" / "wait for the helicopter"), a
   negation flipping the phrase it comes before.
6. Numbers in digits, words and radio style (numbers.py).
7. Where no rule decides, the sentence model compares the answer with the
   options' phrases (meaning.py): close and clear is an answer, close but
   not clear is "unsure" (the caller asks back once), far is off topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np

from fmdesk.core.reading import Reading
from fmdesk.core.turns import SILENCE_TEXT
from fmdesk.director.offline.meaning import Meaning
from fmdesk.core.numbers import digits


@dataclass(frozen=True)
class Choice:
    key: str
    say: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ask:
    """What a cue asks, as the reader needs it."""

    kind: Literal["choice", "yesno", "number", "free"]
    options: tuple[Choice, ...] = ()  # choice: in spoken order; yesno: (yes, no)
    expect: str = ""  # number: the right digits
    both: str = ""  # the key "both" means, where one does
    ref: str = ""


# -- cleaning up ------------------------------------------------------------------------

_CONTRACTIONS = [
    (r"\bcan't\b|\bcannot\b", "can not"), (r"\bwon't\b", "will not"), (r"\bshan't\b", "shall not"),
    (r"n't\b", " not"), (r"'re\b", " are"), (r"'s\b", " is"), (r"'ll\b", " will"), (r"'d\b", " would"),
    (r"'m\b", " am"), (r"'ve\b", " have"), (r"\bdont\b", "do not"), (r"\bdoesnt\b", "does not"),
    (r"\bdidnt\b", "did not"), (r"\bcant\b", "can not"), (r"\bwont\b", "will not"),
    (r"\bisnt\b", "is not"), (r"\bim\b", "i am"), (r"\bshouldnt\b", "should not"),
    (r"\bgonna\b", "going to"), (r"\bwanna\b", "want to"),
]
_CORRECTION = re.compile(r"\b(?:correction|i mean|scratch that|no wait|wait no|sorry i mean|"
                         r"let me rephrase|rather|on second thought|actually)\b[\s,:;.!-]*")
_SPLIT = re.compile(r"\s*(?:[,;.!?]+|\s-\s|—|\bbut\b|\bthen\b|\bso\b|\binstead\b|\bhowever\b|"
                    r"\bthough\b|\bbecause\b|\bcause\b)\s*")
_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    for pattern, repl in _CONTRACTIONS:
        text = re.sub(pattern, repl, text)
    # "anything but X", "everything except X": a negation, not a clause break.
    text = re.sub(r"\b(?:anything|everything|all|any)\s+(?:but|except|other than)\b", "not", text)
    text = re.sub(r"\b(?:except|other than|rather than|instead of)\b", "not", text)
    return text


def after_correction(text: str) -> str:
    parts = _CORRECTION.split(text)
    tail = parts[-1].strip()
    return tail if tail and len(parts) > 1 and _WORD.search(tail) else text


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _SPLIT.split(text) if c and _WORD.search(c)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_silent(text: str) -> bool:
    return not text.strip() or text.strip() == SILENCE_TEXT


# -- non-answers ---------------------------------------------------------------------------

_SAY_AGAIN = re.compile(
    r"\b(?:say (?:it |that |the question )?again|repeat|come again|once more|one more time|"
    r"did not (?:catch|get|hear|understand)|what did you (?:just )?say|pardon|breaking up|"
    r"missed (?:that|it|you)|i lost you|you are garbled|garbled|unreadable|not copy|"
    r"what was (?:the question|that)|what are (?:my|the) options|what were (?:my|the) (?:options|choices)|"
    r"what is the question|what was the choice)\b")
_HUH = re.compile(r"^(?:what|sorry|huh|eh|pardon|excuse me|come again)\W*$")
_DEFER = re.compile(
    r"\b(?:i do not know|i am not sure|not sure|no idea|dunno|do not ask me|your call|you decide|"
    r"you choose|you pick|up to you|you know best|whatever you think|whatever you want|"
    r"your choice|i can not decide|i trust you|you tell me|either is fine|either way|"
    r"either one|does not matter|do not care|i do not remember|i can not remember|i forgot|"
    r"i do not recall|i have no clue|no clue|beats me|trust your gut|do what you think)\b")
# A question to the caller starts with a question word, or ends with "?".
_QUESTION_START = re.compile(r"^(?:what|where|who|whose|why|how|when|which)\b")

# Topics a player may ask a caller about; the story's facts answer them.
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # topic: (keywords, example questions for the sentence model)
    "advice": (("what do you think", "what would you do", "recommend", "suggest", "advice",
                "your opinion", "which is better", "which would you", "what do you say",
                "what should i", "what should we", "your gut"),
               ("what do you think we should do", "what would you recommend", "which one is better")),
    "name": (("your name", "who is this", "who am i talking", "who are you", "who is speaking",
              "identify yourself", "who is on"),
             ("what is your name", "who am I speaking to")),
    "who": (("who is with you", "who else", "who is there", "how many of you", "who are you with"),
            ("who else is with you there",)),
    "hurt": (("hurt", "injur", "casualt", "wounded", "bleeding", "how many people", "anyone dead",
              "how many are", "how many is"),
             ("is anyone hurt", "how many people are injured")),
    "where": (("where are you", "your location", "your position", "where exactly", "where is",
               "how far", "where are they"),
              ("where are you right now", "what is your location")),
    "weather": (("weather", "wind", "rain", "snow", "visibility", "storm", "fog", "cold", "temperature"),
                ("how is the weather", "what is the wind doing")),
    "time": (("how long", "how much time", "what time", "how many minutes", "when will", "eta"),
             ("how much time do we have", "how long until it happens")),
    "plan": (("what is the plan", "what are you doing", "what happens next", "what next",
              "what now", "what are you going to do"),
             ("what is the plan now",)),
    "status": (("how are you", "are you ok", "are you okay", "are you alright", "are you all right",
                "what is happening", "what is going on", "status", "what is the situation",
                "everyone ok", "everyone okay"),
               ("how are you holding up", "what is going on there")),
}


def topic_of(text: str, model: Meaning | None) -> tuple[str, float]:
    for topic, (keys, _) in TOPICS.items():
        if any(k in text for k in keys):
            return topic, 0.9
    if model is not None:
        names = [t for t, (_, examples) in TOPICS.items() for _ in examples]
        examples = [e for _, (_, ex) in TOPICS.items() for e in ex]
        sims = model.vectors(examples) @ model.vectors([text])[0]
        best = int(np.argmax(sims))
        if sims[best] >= 0.5:
            return names[best], float(sims[best])
    return "other", 0.5


# -- yes / no --------------------------------------------------------------------------------

_YES = re.compile(r"^(?:yes|yeah|yep|yup|ya|yea|aye|affirmative|affirm|correct|sure|ok|okay|roger|"
                  r"absolutely|definitely|certainly|of course|confirm|confirmed|positive|do it|go|"
                  r"go ahead|go for it|go go|please do|copy|copy that|that is right|right|do that|"
                  r"yes please|sounds good|good idea|agreed|make it so|proceed|green light|wilco|"
                  r"yes sir|yes maam|indeed|totally|why not)(?: (?:do it|go ahead|please|sir|now|go))*$")
_NO = re.compile(r"^(?:no|nope|nah|negative|never|no way|absolutely not|definitely not|certainly not|"
                 r"do not|not|do not do it|do not do that|no no|hold|hold off|hold on|abort|stop|"
                 r"cancel|not now|not yet|no thanks|no sir|bad idea|i would not|wait|stand by|"
                 r"hell no|not a chance)(?: (?:please|sir|no|not now))*$")
_NEGATORS = {"not", "no", "never", "without", "avoid", "skip", "forget", "against", "stop", "cancel",
             "abort", "nor", "neither", "nothing", "off"}
_POST_NEGATION = re.compile(r"\b(?:is|are|was|looks|seems|sounds)? ?(?:not (?:safe|good|possible|"
                            r"an option|going to work|work|right)|can not|will not|too (?:dangerous|"
                            r"risky|slow|far|late|long|steep)|is out|is closed|is blocked|is a trap|"
                            r"unsafe|no good|a bad idea|a mistake)\b")
_STOP = {"the", "a", "an", "to", "and", "of", "in", "on", "at", "it", "is", "we", "you", "i", "go",
         "take", "use", "get", "let", "lets", "us", "please", "now", "with", "for", "by", "up", "be",
         "do", "just", "them", "him", "her", "they", "he", "she", "our", "your", "their", "that",
         "this", "there", "here", "will", "should", "would", "can", "could", "want", "okay", "ok",
         "yes", "no", "not", "base", "over", "then", "one", "way", "send", "say", "make", "right"}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _mentions(clause: str, option: Choice, shared: frozenset[str] = frozenset()) -> list[int]:
    """Word positions in `clause` where `option` is named; words of the
    caller's phrase that other options share ("stairs" in "the east stairs"
    and "the west stairs") name none of them."""
    toks = words(clause)
    stems = [_stem(w) for w in toks]
    found: list[int] = []
    for phrase in (*option.also, option.say):
        key = [_stem(w) for w in words(normalise(phrase))]
        key = key if phrase in option.also else [k for k in key if k not in _STOP_STEMS and k not in shared]
        if not key:
            continue
        n = len(key)
        if phrase in option.also or n == 1:
            found += [i for i in range(len(stems) - n + 1) if stems[i:i + n] == key]
        else:  # the caller's own phrase: any of its content words
            found += [i for i, s in enumerate(stems) if s in key]
    return sorted(set(found))


_STOP_STEMS = frozenset(_stem(w) for w in _STOP)


def shared_words(options: tuple[Choice, ...]) -> frozenset[str]:
    """Stems that appear in more than one option's phrase."""
    seen: dict[str, int] = {}
    for option in options:
        for stem in {_stem(w) for w in words(normalise(option.say))}:
            seen[stem] = seen.get(stem, 0) + 1
    return frozenset(k for k, n in seen.items() if n > 1)


def _negated_at(clause: str, position: int) -> bool:
    toks = words(clause)
    before = toks[max(0, position - 4):position]
    if any(w in _NEGATORS for w in before) or " ".join(before[-2:]) in ("do not", "dont"):
        return True
    after = " ".join(toks[position + 1:position + 6])
    return bool(_POST_NEGATION.match(after)) or bool(_POST_NEGATION.search(" ".join(toks[position:position + 5])))


def _negated(clause: str) -> bool:
    return bool(set(words(clause)) & _NEGATORS) or bool(_POST_NEGATION.search(clause))


def _strip_negation(clause: str) -> str:
    return " ".join(w for w in words(clause) if w not in _NEGATORS and w not in ("do", "dont")) or clause


# -- the reader ------------------------------------------------------------------------------

# Sentence-model thresholds (cosine of all-MiniLM-L6-v2 vectors), set on the
# committed answer set (tests/director/data/understanding.txt).
CLOSE = 0.42  # at least this close to an option to act on it
CLEAR = 0.06  # and this much closer than to the next one
RELATED = 0.28  # closer than this to something asked: unsure, not off topic


@dataclass
class _Decision:
    value: str
    rule: str
    confidence: float


@dataclass
class Reader:
    """Reads answers against what a cue asked. `model` may be None (rules only)."""

    model: Meaning | None = None

    def read(self, text: str, ask: Ask) -> Reading:
        def out(intent: str, value: str = "", confidence: float = 1.0, rule: str = "") -> Reading:
            return Reading(ref=ask.ref, intent=intent, value=value[:200], confidence=round(confidence, 3),
                           rule=rule)

        if is_silent(text):
            return out("silent", rule="silence")
        raw = normalise(text)
        said = after_correction(raw)
        parts = clauses(said) or [said]
        if ask.kind == "number" and digits(said):
            parts = [said]  # "five, two, eight, three" is one number
        # The last clause that decides wins; a non-answer counts only after it.
        decision: _Decision | None = None
        non_answer: tuple[str, str, float, str] | None = None
        mentioned_many = False
        for index, clause in enumerate(parts):
            decided = self._decide(clause, ask)
            if decided is not None and decided.value:
                decision, non_answer = decided, None
                continue
            if decided is not None:  # options named, but no way to tell which
                mentioned_many = True
            if _SAY_AGAIN.search(clause) or _HUH.match(clause):
                non_answer = ("say_again", "", 1.0, "say again")
            elif _DEFER.search(clause):
                non_answer = ("defer", "", 1.0, "defer")
            elif _QUESTION_START.match(clause) or (index == len(parts) - 1 and said.rstrip().endswith("?")):
                topic, conf = topic_of(clause, self.model)
                non_answer = ("question", topic, conf, "question")
        if non_answer is not None:
            return out(*non_answer)
        if decision is not None:
            return out("answer", decision.value, decision.confidence, decision.rule)
        if ask.kind == "free":
            return out("answer", "any", 1.0, "free")
        if mentioned_many:
            return out("unsure", "", 0.4, "both named")
        return self._by_meaning(said, parts, ask, out)

    # -- one clause ------------------------------------------------------------------

    def _decide(self, clause: str, ask: Ask) -> _Decision | None:
        """A decision, or _Decision('') when options are named but none can be
        told, or None when the clause says nothing about the question."""
        if ask.kind == "number":
            heard = digits(clause)
            if not heard:
                return None
            sure = 1.0 if not ask.expect or len(heard) == len(ask.expect) else 0.7
            return _Decision(heard, "digits", sure)
        if ask.kind == "free":
            return None
        if ask.kind == "yesno":
            return self._yes_no(clause, ask)
        return self._choice(clause, ask)

    def _yes_no(self, clause: str, ask: Ask) -> _Decision | None:
        if _YES.match(clause):
            return _Decision("yes", "yes word", 1.0)
        if _NO.match(clause):
            return _Decision("no", "no word", 1.0)
        shared = shared_words(ask.options)
        hits = {o.key: _mentions(clause, o, shared) for o in ask.options}
        named = [k for k, h in hits.items() if h]
        if len(named) == 1:
            key = named[0]
            flipped = _negated_at(clause, hits[key][0])
            if flipped:
                return _Decision("no" if key == "yes" else "yes", "negation", 0.9)
            return _Decision(key, "phrase", 0.9)
        if len(named) == 2:
            return _Decision("", "", 0.0)
        first = words(clause)[:1]
        if first and first[0] in ("yes", "yeah", "yep", "affirmative", "sure", "okay", "ok", "roger"):
            return _Decision("yes", "yes word", 0.9)
        if first and first[0] in ("no", "nope", "negative", "nah"):
            return _Decision("no", "no word", 0.9)
        if words(clause)[:2] in (["do", "not"], ["not", "yet"]) or words(clause)[:1] == ["never"]:
            return _Decision("no", "no word", 0.8)
        return None

    def _choice(self, clause: str, ask: Ask) -> _Decision | None:
        toks = words(clause)
        if ask.both and re.search(r"\b(?:both|split|half|halves|each|some of each|divide|share)\b", clause):
            return _Decision(ask.both, "both", 0.9)
        ordinal = self._ordinal(toks, ask)
        if ordinal is not None:
            return _Decision(ordinal, "ordinal", 0.85)
        positive: list[str] = []
        negative: list[str] = []
        shared = shared_words(ask.options)
        for option in ask.options:
            for position in _mentions(clause, option, shared):
                (negative if _negated_at(clause, position) else positive).append(option.key)
        positive = list(dict.fromkeys(k for k in positive if k not in negative))
        negative = list(dict.fromkeys(negative))
        if len(positive) == 1:
            return _Decision(positive[0], "named", 0.9)
        if not positive and len(negative) == 1:
            others = [o.key for o in ask.options if o.key != negative[0] and o.key != ask.both]
            if len(others) == 1:
                return _Decision(others[0], "negation", 0.85)
            return _Decision("", "", 0.0)
        if positive or negative:
            return _Decision("", "", 0.0)
        return None

    @staticmethod
    def _ordinal(toks: list[str], ask: Ask) -> str | None:
        said = [o for o in ask.options if o.key != ask.both] or list(ask.options)
        text = " ".join(toks)
        if re.search(r"\b(?:first|former|1st|option one|number one|option a)\b", text):
            return said[0].key
        if re.search(r"\b(?:latter|last one|the last|option two|number two|option b|2nd)\b", text) \
                or (re.search(r"\bsecond\b", text) and len(said) >= 2):
            return said[1 if re.search(r"\bsecond|2nd|two|option b\b", text) else -1].key
        if re.search(r"\b(?:third|3rd|option three|option c)\b", text) and len(said) >= 3:
            return said[2].key
        return None

    # -- the sentence model ------------------------------------------------------------

    def _by_meaning(self, said: str, parts: list[str], ask: Ask, out) -> Reading:
        if ask.kind == "number":  # digits would have decided before this
            return out("unsure" if _related_number(said) else "off_topic", "", 0.3, "no number")
        if self.model is None:
            return out("unsure", "", 0.3, "no rule")
        options = ask.options
        phrases = [o.say for o in options]
        vectors = self.model.vectors(phrases)
        best = 0.0  # the closest any clause came to an option
        for clause in reversed(parts):  # the last clause that is close enough decides
            negated = _negated(clause)
            probe = _strip_negation(clause) if negated else clause
            sims = vectors @ self.model.vectors([probe])[0]
            order = np.argsort(sims)[::-1]
            top, runner = float(sims[order[0]]), float(sims[order[1]]) if len(sims) > 1 else 0.0
            key = options[int(order[0])].key
            if negated and len(options) == 2:
                key = options[int(order[1])].key
            elif negated:
                key = ""
            best = max(best, top)
            if top >= CLOSE and top - runner >= CLEAR and key:
                confidence = min(0.85, 0.5 + (top - CLOSE) + 2 * (top - runner - CLEAR))
                return out("answer", key, confidence, "meaning" + (" negated" if negated else ""))
        if best >= RELATED:
            return out("unsure", "", round(best, 3), "meaning unclear")
        return out("off_topic", "", round(1 - best, 3), "meaning far")


def _related_number(text: str) -> bool:
    return bool(re.search(r"\b(?:code|number|grid|digits|numbers|frequency|channel)\b", text))


def read(text: str, ask: Ask, model: Meaning | None = None) -> Reading:
    return Reader(model).read(text, ask)


def options_text(options: Sequence[Choice]) -> str:
    says = [o.say for o in options]
    return says[0] if len(says) == 1 else ", ".join(says[:-1]) + " or " + says[-1]
