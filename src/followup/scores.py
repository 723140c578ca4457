"""How well the rules do on a labelled corpus: precision and recall, label by label.

The corpus (``tests/corpus/`` in the project) has three sets, each a ``sentences.csv``
and a ``letters.toml``: ``own`` (written with the first rules), ``modelled`` (modelled on
real people's writing) and ``heldout`` (frozen, never tuned on). The tests print this
table, and the guide's page on the rules shows it, both from this one module.

Working the tables out means checking some 5,000 sentences and letters and reading some
1,400 messages (seconds). ``make model`` (``python -m followup.scores``) keeps them in
``scores.json`` beside the corpus, with a digest of every file they were worked out from;
a build reads them from there when the digest is today's, and works them out again when
it is not, so a table is never out of date. A test checks the kept file is today's.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

#: The three rules a letter must follow, and the advice the checker gives besides.
LABELS = ("thanks", "feedback_request", "asks_why")
ADVICE = ("door_open",)
NOTES = ("reconsider", "bitter", "salary", "hired_person", "records")
#: own: written with the first rules; modelled: on real writing; heldout: never tuned on.
SETS = ("own", "modelled", "heldout", "voices", "voices-heldout")
SET_NAMES = {
    "own": "Written with the first rules",
    "modelled": "Modelled on real writing",
    "heldout": "Held out (never tuned on)",
    "voices": "In many voices",
    "voices-heldout": "In many voices, held out (never tuned or trained on)",
}


class Case(NamedTuple):
    """A labelled text: one sentence, or a whole letter."""

    name: str
    text: str
    labels: dict[str, bool]
    note: str = ""
    kind: str = ""


class Score(NamedTuple):
    """One line of the table."""

    set: str
    unit: str  # "sentences" or "letters"
    label: str
    precision: float
    recall: float
    positives: int


def sentences(corpus: Path, which: str) -> list[Case]:
    with (corpus / which / "sentences.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    cases = []
    for number, row in enumerate(rows, start=2):  # the line in the CSV file
        labels = {label: row[label] == "1" for label in (*LABELS, *ADVICE) if label in row}
        if "kind" in row:  # the sets modelled on real writing label the advice too
            labels.update({note: row["note"] == note for note in NOTES})
        cases.append(
            Case(
                f"{which}-{number:03d}",
                row["sentence"],
                labels,
                row.get("note") or "",
                row.get("kind") or "",
            )
        )
    return cases


def letters(corpus: Path, which: str) -> list[Case]:
    """The set's whole letters (a set may have only sentences)."""
    if not (corpus / which / "letters.toml").exists():
        return []
    data = tomllib.loads((corpus / which / "letters.toml").read_text(encoding="utf-8"))
    cases = []
    for item in data["letter"]:
        labels = {label: item[label] for label in (*LABELS, *ADVICE) if label in item}
        if "notes" in item:
            labels.update({note: note in item["notes"] for note in NOTES})
        cases.append(Case(f"{which}-{item['name']}", item["text"], labels))
    return cases


def files(corpus: Path) -> list[Path]:
    """Every file the scores are read from, for a build to depend on."""
    return [
        corpus / which / name
        for which in SETS
        for name in ("sentences.csv", "letters.toml")
        if (corpus / which / name).exists()
    ]


def precision_recall(
    cases: Iterable[Case], predict: Callable[[str], Mapping[str, bool]]
) -> dict[str, tuple[float, float, int]]:
    """Precision, recall and the number of positives, for each label the cases carry."""
    judged = [(case.labels, predict(case.text)) for case in cases]
    result = {}
    for label in judged[0][0] if judged else ():
        pairs = [(want[label], got[label]) for want, got in judged]
        true_pos = sum(1 for want, got in pairs if want and got)
        predicted = sum(1 for _, got in pairs if got)
        actual = sum(1 for want, _ in pairs if want)
        precision = true_pos / predicted if predicted else 1.0
        recall = true_pos / actual if actual else 1.0
        result[label] = (precision, recall, actual)
    return result


def sentence_labels(text: str) -> dict[str, bool]:
    from .checker import default_rules, shapes_in

    rules = default_rules()
    found = shapes_in(rules, rules.readable(text))
    return {rule.id: rule.id in found for rule in rules.rules if rule.kind != "leftover"}


def letter_labels(text: str) -> dict[str, bool]:
    from .checker import check

    report = check(text)
    notes = {note: any(n.rule == note for n in report.notes) for note in NOTES}
    return {**report.labels, **notes}


def table(corpus: Path) -> list[Score]:
    """A score for every label of every set, sentences and whole letters apart.

    Two pages show this table: within one build it is worked out once, and again only
    when a corpus file changes."""
    return list(_table(corpus, _signature(files(corpus))))


def _signature(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """What a cached table was worked out from: each file's name, size and time."""
    found = []
    for path in paths:
        stat = path.stat()
        found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@cache
def _table(corpus: Path, signature: tuple[tuple[str, int, int], ...]) -> tuple[Score, ...]:
    rows = []
    for which in SETS:
        units: list[tuple[str, list[Case], Any]] = [
            ("sentences", sentences(corpus, which), sentence_labels),
            ("letters", letters(corpus, which), letter_labels),
        ]
        for unit, cases, predict in units:
            for label, (precision, recall, actual) in precision_recall(cases, predict).items():
                rows.append(Score(which, unit, label, precision, recall, actual))
    return tuple(rows)


# The rejection messages: how well `followup match` reads them

#: tuning: the recognisers were tuned on these; heldout: frozen, scored, never tuned on.
MESSAGE_SETS = ("tuning", "heldout")
#: The folder of labelled messages: every .toml file in it (see its README).
MESSAGES = Path("messages")


class Message(NamedTuple):
    """A labelled rejection message: its stage, signals and fields, set by hand."""

    id: str
    set: str
    text: str
    stage: str
    signals: frozenset[str]
    fields: dict[str, str | None]
    evidence: dict[str, str]
    #: The file it is in (its stem): the batch it was written in.
    file: str = ""


class MessageScore(NamedTuple):
    """One line of the messages' table: a signal's precision and recall, or the share
    of messages where the stage or a field is exactly right."""

    set: str
    what: str  # "signal", "stage", "field" or "letters" (the share that meets a goal)
    label: str
    precision: float | None
    recall: float | None  # for stage and fields: the share exactly right
    total: int  # positives (signals), messages (stage), messages that have it (fields)
    #: fields: the messages given a wrong name, one where the message has none or one
    #: other than the name it has (a name left empty is not wrong) ...
    wrong: int = 0
    #: ... and the messages of the set, which ``wrong_share`` divides it by.
    of: int = 0

    @property
    def wrong_share(self) -> float:
        """fields: the share of all the set's messages given a wrong name (the goal is
        at most 0.02: an empty field is better than a wrong one)."""
        return self.wrong / self.of if self.of else 0.0


def messages(corpus: Path) -> list[Message]:
    """Every labelled message, in file order."""
    from .matcher import FIELD_IDS

    found = []
    for path in message_files(corpus):
        with path.open("rb") as file:
            data = tomllib.load(file)
        found += [
            Message(
                m["id"],
                m["set"],
                m["text"],
                m["stage"],
                frozenset(m["signals"]),
                {name: m[name] or None for name in FIELD_IDS},
                dict(m.get("evidence", {})),
                path.stem,
            )
            for m in data["message"]
        ]
    return found


def message_files(corpus: Path) -> list[Path]:
    """The files of labelled messages, in order."""
    return sorted((corpus / MESSAGES).glob("*.toml"))


def message_table(corpus: Path, found: Mapping[str, Any] | None = None) -> list[MessageScore]:
    """Scores for every signal, the stage and every field, set by set; from ``found``,
    each message's match by id, if it was already made."""
    from .matcher import FIELD_IDS, default_matcher

    matcher = default_matcher()
    signal_ids = [r["id"] for r in matcher.data["rules"] if r["kind"] == "signal"]
    everything = messages(corpus)
    rows = []
    for which in MESSAGE_SETS:
        cases = [m for m in everything if m.set == which]
        got = {m.id: found[m.id] if found else matcher.match(m.text) for m in cases}
        for signal in signal_ids:
            shown = {m.id: {s.id for s in got[m.id].signals} for m in cases}
            pairs = [(signal in m.signals, signal in shown[m.id]) for m in cases]
            true_pos = sum(1 for want, found in pairs if want and found)
            predicted = sum(1 for _, found in pairs if found)
            actual = sum(1 for want, _ in pairs if want)
            rows.append(
                MessageScore(
                    which,
                    "signal",
                    signal,
                    true_pos / predicted if predicted else 1.0,
                    true_pos / actual if actual else 1.0,
                    actual,
                )
            )
        right = sum(1 for m in cases if got[m.id].stage == m.stage)
        rows.append(MessageScore(which, "stage", "stage", None, right / len(cases), len(cases)))
        for name in FIELD_IDS:
            having = [m for m in cases if m.fields[name]]
            right = sum(1 for m in having if got[m.id].fields[name] == m.fields[name])
            wrong = sum(1 for m in cases if got[m.id].fields[name] not in (None, m.fields[name]))
            rows.append(
                MessageScore(
                    which, "field", name, None, right / len(having) if having else 1.0,
                    len(having), wrong, len(cases),
                )
            )  # fmt: skip
        rows += _letter_goals(which, cases, got, matcher.letters)
    return rows


#: What each "letters" row of the messages' table measures, for the tables that show it.
LETTER_GOALS = {
    "no_interview": "application stage: no letter mentions an interview",
    "refused_no_ask": "feedback refused: the first letter doesn't ask",
}


def _letter_goals(
    which: str, cases: list[Message], got: dict[str, Any], letters: Sequence[dict[str, Any]]
) -> list[MessageScore]:
    """The letters' two goals, as the share of messages that meet them: every
    application-stage message gets no letter that mentions an interview, and every message
    that refuses feedback gets first a letter that doesn't ask (or none)."""
    interview = {letter["id"] for letter in letters if letter.get("interview")}
    asks = {letter["id"] for letter in letters if letter["context"] not in ("refused", "given")}
    applied = [m for m in cases if m.stage == "application"]
    refused = [m for m in cases if "feedback_refused" in m.signals]
    kept = sum(1 for m in applied if not interview.intersection(got[m.id].letters))
    first = sum(1 for m in refused if not got[m.id].letters or got[m.id].letters[0] not in asks)
    return [
        MessageScore(which, "letters", label, None, _share(met, of), len(of))
        for label, met, of in (("no_interview", kept, applied), ("refused_no_ask", first, refused))
    ]


def _share(part: int, whole: list[Message]) -> float:
    return part / len(whole) if whole else 1.0


# The tables kept from one build to the next

#: The kept tables, in the corpus folder.
SAVED = "scores.json"


def _data_files(corpus: Path) -> list[Path]:
    """The data the tables are worked out from: the corpus's files, and the generated
    rules, recognisers and models."""
    from .checker import RULES_JSON
    from .learned import LEARNED_JSON
    from .matcher import SIGNALS_JSON

    return [*files(corpus), *message_files(corpus), RULES_JSON, SIGNALS_JSON, LEARNED_JSON]


def sources(corpus: Path) -> list[Path]:
    """Every file the tables are worked out from, and the kept tables: for a build to
    depend on."""
    kept = [corpus / SAVED] if (corpus / SAVED).exists() else []
    return [*_data_files(corpus), *kept]


def digest(corpus: Path) -> str:
    """A SHA-256 of everything the tables are worked out from: the corpus's files, the
    generated rules, recognisers and models, and the package's code."""
    package = Path(__file__).parent
    found = hashlib.sha256()
    for path in [*_data_files(corpus), *sorted(package.glob("*.py"))]:
        name = path.relative_to(corpus if path.is_relative_to(corpus) else package)
        data = path.read_bytes()
        found.update(f"{name.as_posix()}\0{len(data)}\0".encode())
        found.update(data)
    return found.hexdigest()


def worked_out(corpus: Path) -> dict[str, Any]:
    """Both tables, worked out now, as ``scores.json`` keeps them."""
    return {
        "inputs": digest(corpus),
        "sentences": [list(row) for row in table(corpus)],
        "messages": [list(row) for row in message_table(corpus)],
    }


def saved_tables(corpus: Path) -> tuple[list[Score], list[MessageScore]]:
    """Both tables: as ``scores.json`` kept them if it was worked out from today's files,
    otherwise worked out now (and kept for the rest of the process)."""
    paths = [*files(corpus), *message_files(corpus), corpus / SAVED]
    return _saved(corpus, _signature(path for path in paths if path.exists()))


@cache
def _saved(corpus: Path, signature: object) -> tuple[list[Score], list[MessageScore]]:
    try:
        kept = json.loads((corpus / SAVED).read_text(encoding="utf-8"))
        if kept["inputs"] == digest(corpus):
            return _rows(Score, kept["sentences"]), _rows(MessageScore, kept["messages"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none kept, or not readable: worked out below
    return table(corpus), message_table(corpus)


#: The types of each field of a kept row (a number may be written without a point).
_NUMBER, _MAYBE = (float, int), (float, int, type(None))
_FIELDS: dict[type, tuple[tuple[type, ...], ...]] = {
    Score: ((str,), (str,), (str,), _NUMBER, _NUMBER, (int,)),
    MessageScore: ((str,), (str,), (str,), _MAYBE, _MAYBE, (int,), (int,), (int,)),
}


def _rows(kind: Any, raw: list[list[Any]]) -> list[Any]:
    """Rows of a kept table, each field of the type its table gives it (or a ValueError:
    a file that says otherwise is not used)."""
    wanted = _FIELDS[kind]
    rows = []
    for row in raw:
        if len(row) != len(wanted) or not all(
            isinstance(value, allowed) and not isinstance(value, bool)
            for value, allowed in zip(row, wanted, strict=True)
        ):
            raise ValueError(f"a row of {SAVED} is not a {kind.__name__}: {row!r}")
        rows.append(kind(*row))
    return rows


def main(corpus: Path | None = None) -> int:
    """``python -m followup.scores``: work the tables out and keep them in the corpus
    folder's ``scores.json`` (``make model`` runs it after training)."""
    from .files import write_generated

    corpus = Path(__file__).resolve().parents[2] / "tests" / "corpus" if corpus is None else corpus
    tables = worked_out(corpus)
    # One row a line, so that a change shows in a diff as the rows it changed.
    parts = [f'"inputs": {json.dumps(tables["inputs"])}']
    for name in ("sentences", "messages"):
        rows = ",\n".join(f"  {json.dumps(row)}" for row in tables[name])
        parts.append(f'"{name}": [\n{rows}\n]')
    text = "{\n" + ",\n".join(parts) + "\n}\n"
    write_generated(corpus / SAVED, text, "the labelled corpus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
