"""The learned layer beside the rules: small linear models that score a sentence.

The rules explain; they are patterns, and patterns generalise to new wording slowly.
Beside each rule that judges a sentence's meaning (thanks, a feedback request, asking
why, bitterness) sits a linear model over hashed word and character n-grams (and, for
some, the classes of its words: see :class:`WordClasses`), trained
offline by ``make model`` (:mod:`followup.train`) on the labelled corpora and shipped
as integer weights in ``learned.json``. A sentence is flagged when the rule matches or
when the model's score reaches its threshold; a finding from the model says so in plain
words.

Python and the page (``followup-learned.js``) turn a sentence into the same features,
hash them with the same function (CRC-32 of the feature's ASCII bytes, as zlib computes
it) into the same buckets, and add up the same integers, so they compute the same score
to the unit; a test proves it under Node. Nothing here needs anything beyond the
standard library.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import pairwise, repeat

from .records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

#: The models' file, as a string: `followup check` starts without pathlib.
_LEARNED_FILE = os.path.join(os.path.dirname(__file__), "learned.json")


def __getattr__(name: str) -> Path:
    """``LEARNED_JSON``, the models' file as a :class:`~pathlib.Path`, made when asked
    for (``make model`` and the tests ask; `followup check` never imports pathlib)."""
    if name == "LEARNED_JSON":
        from pathlib import Path

        return Path(_LEARNED_FILE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: How many buckets features are hashed into.
BUCKETS = 1 << 20
_TOKEN = re.compile(r"[a-z0-9']+")
#: The longest word, and the most words, a text's features are made from.
LONGEST = 40
MOST_WORDS = 1000


def crc32(feature: str) -> int:
    """CRC-32 of a feature's bytes (features are ASCII), as zlib and the page compute it."""
    return zlib.crc32(feature.encode("ascii"))


def features(sentence: str, classes: WordClasses | None = None) -> list[str]:
    """A sentence's features: its lower-case words, pairs of neighbouring words, the
    three- and four-letter pieces of its words (with a space before and after each), and
    the classes of its words (see :class:`WordClasses`), each once, in a fixed order. The
    sentence is one the engine has read."""
    words = _words(sentence)
    found = [f"w:{w}" for w in words]
    found += [f"b:{a} {b}" for a, b in pairwise(words)]
    for word in words:
        found += _pieces(word)
    found += _class_features(words, default_classes() if classes is None else classes)
    return list(dict.fromkeys(found))


class WordClasses:
    """Classes of words that share a meaning ("contempt", "waiting", "future"), from
    ``wordclasses.toml`` by way of ``learned.json``. A word is in a class when the class
    lists it, or a stem it begins with, or it and the next word as a two-word phrase
    ("heard nothing"). Each word of a sentence gives a feature ``k:<class>`` for each of
    its classes, and each pair of neighbouring words ``k:<class> <class>`` for each pair
    of their classes, so a model learns a meaning once for every word listed with it."""

    __slots__ = ("_known", "_phrases", "stems", "words")

    #: How many words' classes are kept: a letter's words come back, a megabyte's need not.
    KEPT_WORDS = 1 << 15

    def __init__(self, data: dict[str, dict[str, list[str]]]) -> None:
        self.words: dict[str, list[str]] = {}
        self.stems: dict[str, list[str]] = {}
        for name, entries in data.items():
            for word in entries.get("words", []):
                self.words.setdefault(word, []).append(name)
            for stem in entries.get("stems", []):
                self.stems.setdefault(stem, []).append(name)
        self._known: dict[str, list[str]] = {}
        #: The two-word phrases, by their first word, then their second.
        self._phrases: dict[str, dict[str, list[str]]] = {}
        for phrase, names in self.words.items():
            if " " in phrase:
                first, second = phrase.split(" ", 1)
                self._phrases.setdefault(first, {})[second] = names

    def of_word(self, word: str) -> list[str]:
        """The classes a word is in by itself or by a stem it begins with (in the
        order: listed words, then stems from the shortest), each once."""
        found = self._known.get(word)
        if found is None:
            if len(self._known) >= self.KEPT_WORDS:
                self._known.clear()
            found = list(self.words.get(word, ()))
            for size in range(STEM_SHORTEST, len(word) + 1):
                found += self.stems.get(word[:size], ())
            found = self._known[word] = list(dict.fromkeys(found))
        return found

    def of(self, words: list[str]) -> list[list[str]]:
        """Each word's classes: its own, then those of it and the next word as a phrase."""
        known, phrases = self._known, self._phrases
        found = []
        last = len(words) - 1
        for index, word in enumerate(words):
            mine = known.get(word)
            if mine is None:
                mine = self.of_word(word)
            if index < last and word in phrases:
                phrase = phrases[word].get(words[index + 1])
                if phrase:
                    mine = list(dict.fromkeys([*mine, *phrase]))
            found.append(mine)
        return found


#: The shortest stem a class may list: a word's beginnings shorter than this are not
#: looked up.
STEM_SHORTEST = 3


def _class_features(words: list[str], classes: WordClasses) -> list[str]:
    return ["k:" + " ".join(key) for key in _class_keys(classes.of(words))]


def _class_keys(each: list[list[str]]) -> list[tuple[str, ...]]:
    """The class features of words whose classes are ``each``, as the classes they name:
    each word's classes, then each pair of neighbouring words' pairs of classes."""
    found: list[tuple[str, ...]] = [(name,) for mine in each for name in mine]
    found += [(a, b) for mine, next_ in pairwise(each) for a in mine for b in next_]
    return found


def _pieces(word: str) -> list[str]:
    """A word's three- and four-letter pieces, with a space before and after it."""
    padded = f" {word} "
    return [f"c:{padded[i : i + size]}" for size in (3, 4) for i in range(len(padded) - size + 1)]


def _words(sentence: str) -> list[str]:
    # A "word" of over LONGEST letters is no word, and a text's first MOST_WORDS words
    # say all a model needs: a pasted megabyte costs no more than a long letter.
    words = _TOKEN.findall(sentence.lower())
    if words and max(map(len, words)) > LONGEST:
        words = [w for w in words if len(w) <= LONGEST]
    return words[:MOST_WORDS] if len(words) > MOST_WORDS else words


@lru_cache(maxsize=1 << 14)
def _word_buckets(word: str) -> tuple[int, ...]:
    """The buckets of one word's own features (the word, its three- and four-letter
    pieces). Words come back again and again, in every letter: each is hashed once."""
    return tuple(crc32(f) % BUCKETS for f in [f"w:{word}", *_pieces(word)])


def buckets(sentence: str, classes: WordClasses | None = None) -> tuple[int, ...]:
    """The distinct buckets a sentence's features (see :func:`features`) fall in: the
    same set, made word by word. ``classes`` are those of ``learned.json`` unless given
    (training gives those it trains with)."""
    words = _words(sentence)
    found = [b for word in words for b in _word_buckets(word)]
    found += [crc32(f"b:{a} {b}") % BUCKETS for a, b in pairwise(words)]
    found += [
        crc32(f) % BUCKETS
        for f in dict.fromkeys(
            _class_features(words, default_classes() if classes is None else classes)
        )
    ]
    return tuple(dict.fromkeys(found))


class Together:
    """The models of one file, scored together, because the checker and the message
    reader ask each of them about the same sentence in turn. Every bucket any model
    weighs has a number, and ``values`` holds, for each, every model's weight side by
    side in one integer (``width`` bits each, as two's complement), so one sum adds up
    every model at once and each model's total is then shifted back out. The width is
    enough for any sentence: more bits than the sum of a model's weights, ignoring sign,
    needs.

    A sentence's buckets are those of :func:`buckets`, but only the weighed ones count
    (most features carry no weight): each word's weighed buckets are worked out once and
    kept, and each pair's CRC-32 goes on from the first word's ``b:word `` (zlib's
    running CRC), so a pair costs one CRC of the second word. The last sentence's totals
    are kept."""

    __slots__ = (
        "_classes", "_known", "_scores", "_sentence", "count", "index", "values", "width",
    )  # fmt: skip

    #: How many words' buckets are kept: a letter's words come back, a megabyte's need not.
    KEPT_WORDS = 1 << 15

    def __init__(self, weights: list[dict[int, int]]) -> None:
        self.count = len(weights)
        most = max((sum(map(abs, table.values())) for table in weights), default=0)
        self.width = most.bit_length() + 2
        packed: dict[int, int] = {}
        for index, table in enumerate(weights):
            for bucket, weight in table.items():
                packed[bucket] = packed.get(bucket, 0) + (weight << (self.width * index))
        #: Each weighed bucket's number, and by number its packed weights.
        self.index = {bucket: number for number, bucket in enumerate(packed)}
        self.values = list(packed.values())
        self._known: dict[str, tuple[frozenset[int], bytes, int]] = {}
        #: Each class feature met so far (a class, or a pair of classes), and its number.
        self._classes: dict[tuple[str, ...], int | None] = {}
        self._sentence: str | None = None
        self._scores: list[int] = []

    def _word(self, word: str) -> tuple[frozenset[int], bytes, int]:
        """A word's own weighed buckets (by number), its bytes, and the running CRC of
        ``b:word ``."""
        if len(self._known) >= self.KEPT_WORDS:
            self._known.clear()
        index = self.index
        own = frozenset(index[b] for b in _word_buckets(word) if b in index)
        found = self._known[word] = (own, word.encode("ascii"), crc32(f"b:{word} "))
        return found

    def _class_numbers(self, each: list[list[str]]) -> list[int | None]:
        """The numbers of the weighed buckets of the class features of words whose
        classes are ``each`` (see :func:`_class_keys`), each feature hashed once."""
        classes = self._classes
        found = []
        for feature in _class_keys(each):
            if feature not in classes:
                text = "k:" + " ".join(feature)
                classes[feature] = self.index.get(crc32(text) % BUCKETS)
            found.append(classes[feature])
        return found

    def totals(self, sentence: str) -> list[int]:
        """Each model's sum of weights over the sentence's buckets (without its bias)."""
        if sentence != self._sentence:
            known = self._known
            words = _words(sentence)
            entries = list(map(known.get, words))
            if None in entries:
                entries = [e or self._word(w) for e, w in zip(entries, words, strict=True)]
            # Each word's own weighed buckets, then each pair's: "b:" + a + " " + b.
            owns, encoded, pairs = zip(*entries, strict=True) if entries else ((), (), ())
            weighed: set[int | None] = set().union(*owns)
            crcs = map(zlib.crc32, encoded[1:], pairs)
            weighed.update(map(self.index.get, map(BUCKETS.__rmod__, crcs)))
            # And the classes of its words (see WordClasses), as buckets() adds them.
            each = default_classes().of(words)
            if any(each):
                weighed.update(self._class_numbers(each))
            weighed.discard(None)
            total = sum(map(self.values.__getitem__, weighed))  # type: ignore[arg-type]
            width = self.width
            mask, half = (1 << width) - 1, 1 << (width - 1)
            found = []
            for _ in range(self.count):
                low = total & mask
                if low >= half:
                    low -= 1 << width
                found.append(low)
                total = (total - low) >> width
            self._sentence, self._scores = sentence, found
        return self._scores


class Model(Record):
    """One label's model: integer weights by bucket, a bias, and the score at which a
    sentence counts as having the label; scored with the other models of its file."""

    label: str
    #: What a finding from this model says the sentence reads like ("asking why").
    reads_like: str
    bias: int
    threshold: int
    weights: dict[int, int]
    #: The models scored together with this one, and where it is among them.
    together: Together | None = None
    position: int = 0

    def score(self, sentence: str) -> int:
        if self.together is not None:
            return self.bias + self.together.totals(sentence)[self.position]
        # One C-level pass: most of a sentence's buckets carry no weight (0).
        return self.bias + sum(map(self.weights.get, buckets(sentence), repeat(0)))

    def flags(self, sentence: str) -> bool:
        if self.together is not None:  # the usual case, without a call to score
            return self.bias + self.together.totals(sentence)[self.position] >= self.threshold
        return self.score(sentence) >= self.threshold


def compile_models(data: dict[str, Any], labels: Iterable[str] | None = None) -> dict[str, Model]:
    """The models in ``learned.json`` (or those of ``labels`` alone), by label, scored
    together."""
    wanted = None if labels is None else set(labels)
    chosen = {
        name: model for name, model in data["models"].items() if wanted is None or name in wanted
    }
    tables = {
        name: {int(bucket): int(weight) for bucket, weight in model["weights"].items()}
        for name, model in chosen.items()
    }
    together = Together(list(tables.values()))
    return {
        name: Model(
            name,
            model["reads_like"],
            int(model["bias"]),
            int(model["threshold"]),
            tables[name],
            together,
            position,
        )
        for position, (name, model) in enumerate(chosen.items())
    }


def resolved_models() -> dict[str, Any]:
    """``learned.json`` as written (and as the page reads it): a new copy each time."""
    try:
        with open(_LEARNED_FILE, encoding="utf-8") as file:
            data: dict[str, Any] = json.load(file)
    except FileNotFoundError:
        return {"models": {}}
    return data


@cache
def _resolved_once() -> dict[str, Any]:
    """``learned.json``, read once for the classes and the models (never changed here)."""
    return resolved_models()


@cache
def default_classes() -> WordClasses:
    """The word classes the project's models were trained with, loaded once."""
    return WordClasses(_resolved_once().get("classes", {}))


@cache
def default_models(labels: tuple[str, ...] | None = None) -> dict[str, Model]:
    """The project's models (or those of ``labels``: the checker needs five of them),
    loaded once."""
    return compile_models(_resolved_once(), labels)
