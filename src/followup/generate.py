"""``python -m followup.generate`` (``make rules``): the data files, resolved for every
reader.

``rules.toml`` (the letter rules) and ``signals.toml`` (the message recognisers) are
written for people: named terms, shapes made of meanings. This module resolves them
into plain patterns, with the keys of the keyword filter (:mod:`followup.prefilter`)
worked out, and writes them as JSON beside the package: ``rules.json``, and
``signals.json`` with each example letter's answers. The command, the build and the page
all read those two files, so all three read every text alike; a test checks that they
are up to date.

Nothing at run time imports this module. It refuses, on one line naming the file, the
rule and the pattern, any pattern RE2 cannot read (:mod:`followup.linear`).
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from .linear import check as refusal
from .prefilter import keys_of, split_branches

HERE = Path(__file__).parent
RULES_FILE = HERE / "rules.toml"
SIGNALS_FILE = HERE / "signals.toml"
RULES_JSON = HERE / "rules.json"
SIGNALS_JSON = HERE / "signals.json"
EXAMPLES = HERE.parents[1] / "examples"
_TERM = re.compile(r"\{([a-z_]+)\}")
#: A rule's keys that :func:`resolve` works out itself rather than copying.
RESOLVED_KEYS = frozenset({"id", "title", "kind", "explain", "fix", "except", "shapes"})
#: The keys of resolved data whose values are patterns (a string, or a list of them).
PATTERN_KEYS = frozenset(
    {"pattern", "rest", "trim", "reject", "paragraph_break", "sentence_end", "detect",
     "breaks", "tags", "drop", "not_followed_by", "fill_unless", "qualifier",
     "qualifier_reject", "parent", "start", "forwarded", "only_before", "not_preceded_by",
     "not_across"}
)  # fmt: skip


class DataError(ValueError):
    """A data file that cannot be resolved: the message names the file and the place."""


def expand(pattern: str, terms: dict[str, str]) -> str:
    """Replace each ``{name}`` in a pattern with the term of that name."""
    return _TERM.sub(lambda m: terms[m.group(1)], pattern)


def resolve(data: dict[str, Any]) -> dict[str, Any]:
    """The rules data as plain patterns: every ``{term}`` expanded, and each rule's
    trigger (its shapes' anchors, in one pattern) worked out.

    This is the one form Python and the page both compile.
    """
    terms: dict[str, str] = {}
    for name, term in data.get("terms", {}).items():
        terms[name] = expand(term, terms)

    def keyed(pattern: str) -> dict[str, Any]:
        return {"pattern": pattern, "keys": keys_of(pattern)}

    sentences = data["sentences"]
    rules = []
    for table in data["rules"]:
        shapes = []
        for shape in table["shapes"]:
            patterns = [expand(p, terms) for p in shape["all"]]
            # A leftover rule searches the whole text with its one pattern, unsplit.
            leftover = table["kind"] == "leftover"
            branches = [patterns[0]] if leftover else split_branches(patterns[0])
            shapes.append(
                {
                    "name": shape["name"],
                    "anchors": [keyed(branch) for branch in branches],
                    "rest": patterns[1:],
                    "example": shape.get("example"),
                    "instead": shape.get("instead"),
                }
            )
        rules.append(
            {
                **{key: table[key] for key in ("id", "title", "kind", "explain")},
                "fix": table.get("fix", ""),
                # What other readers of the same format keep beside a rule (signals.toml:
                # the reason, the advice and its page).
                **{k: v for k, v in table.items() if k not in RESOLVED_KEYS},
                "except": [keyed(expand(p, terms)) for p in table["except"]],
                "shapes": shapes,
            }
        )
    for old in data["normalize"]:
        if len(old) != 1:
            raise DataError(f"[normalize]: {old!r} is not one character; each key is one")
    contexts = data.get("contexts", {"default": "none", "none": {"title": "Nothing said"}})
    ids = {table["id"]: table["kind"] for table in data["rules"]}
    for name, told in contexts.items():
        if name == "default":
            continue
        for rule_id, kind in told.get("kinds", {}).items():
            if ids.get(rule_id) not in ("required", "forbidden") or kind not in (
                "required",
                "forbidden",
            ):
                raise DataError(
                    f"[contexts.{name}]: {rule_id} = {kind!r}: a context may make a "
                    "required or forbidden rule required or forbidden"
                )
    return {
        "contexts": {
            "default": contexts["default"],
            "told": {
                name: {
                    "title": told["title"],
                    "kinds": told.get("kinds", {}),
                    "fixes": told.get("fixes", {}),
                    "instead": told.get("instead", {}),
                }
                for name, told in contexts.items()
                if name != "default"
            },
        },
        "normalize": [[old, new] for old, new in data["normalize"].items()],
        "abbreviations": sorted(sentences["abbreviations"]),
        "paragraph_break": sentences["paragraph_break"],
        "sentence_end": sentences["end"],
        "invisible": [[int(first), int(last)] for first, last in sentences.get("invisible", [])],
        "long_letter": sentences["long_letter"],
        "rules": rules,
    }


def rules_data() -> dict[str, Any]:
    """rules.toml as written; :func:`resolve` turns it into plain patterns."""
    return tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))


def read_letters(examples_dir: Path) -> list[dict[str, Any]]:
    """Each example's id, title, answers and context, and whether its text mentions an
    interview (an application-stage no never gets such a letter), from the catalogue.

    Only for `make rules`: the site and the tests read the same answers through the
    catalogue, and a test checks the two agree.
    """
    from .catalogue import load_catalogue

    catalogue = load_catalogue(examples_dir, examples_dir.parent / "snippets")
    if catalogue.problems:
        raise DataError(str(catalogue.problems[0]))
    from .matcher import letter_entry

    return [letter_entry(e) for e in sorted(catalogue.examples.values(), key=lambda e: e.id)]


def signals_data() -> dict[str, Any]:
    """signals.toml as written."""
    return tomllib.loads(SIGNALS_FILE.read_text(encoding="utf-8"))


def word_alternations(data: dict[str, Any]) -> dict[str, str]:
    """signals.toml's [words]: closed classes of words, each one alternation
    ("assistant|manager|..."), as the patterns that name them are written out."""
    return {name: "|".join(words) for name, words in data.get("words", {}).items()}


def resolve_signals(data: dict[str, Any], rules: dict[str, Any]) -> dict[str, Any]:
    """The recognisers as plain patterns, in the form Python and the browser compile.

    The sentences are split as the letter rules split them: ``rules`` (rules.toml as
    written) gives the [sentences] and [normalize] tables.
    """
    engine = resolve(
        {
            "sentences": {**rules["sentences"], **data.get("sentences", {})},
            "normalize": rules["normalize"],
            "terms": data.get("terms", {}),
            "rules": data["rules"],
        }
    )
    names = word_alternations(data)
    for name, pattern in data["names"].items():
        names[name] = expand(pattern, names)
    fields = []
    for table in data["fields"]:
        fields.append(
            {
                "id": table["id"],
                "title": table["title"],
                "variable": table["variable"],
                "trim": [expand(p, names) for p in table.get("trim", [])],
                "reject": [expand(p, names) for p in table.get("reject", [])],
                "shape": [expand(p, names) for p in table.get("shape", [])],
                "not_part_of": table.get("not_part_of"),
                "as_in_text": table.get("as_in_text", False),
                "without": table.get("without"),
                "not_named_for": table.get("not_named_for", []),
                "not_a_name_of": table.get("not_a_name_of", []),
                "fill_unless": table.get("fill_unless"),
                "qualifier": expand(table["qualifier"], names) if "qualifier" in table else None,
                "qualifier_reject": [expand(p, names) for p in table.get("qualifier_reject", [])],
                "parent": [expand(p, names) for p in table.get("parent", [])],
                "yields_to": table.get("yields_to"),
                "only_before": expand(table["only_before"], names)
                if "only_before" in table
                else None,
                "ways": [
                    {
                        "name": way["name"],
                        "pattern": expand(way["pattern"], names),
                        "flags": way.get("flags", ""),
                        "scope": way.get("scope", "text"),
                        "lines": way.get("lines", 0),
                        "unless": way.get("unless", []),
                        "reject": [expand(p, names) for p in way.get("reject", [])],
                        "not_followed_by": way.get("not_followed_by"),
                        "not_preceded_by": way.get("not_preceded_by"),
                        "not_across": way.get("not_across"),
                        "until": expand(way["until"], names) if "until" in way else None,
                        "confirms": way.get("confirms", False),
                        "header": way.get("header", False),
                    }
                    for way in table["ways"]
                ],
            }
        )
    return {
        **engine,
        "stages": data["stages"],
        "weights": data["weights"],
        "fallback": data["letters"]["fallback"],
        "fallback_reason": data["letters"]["fallback_reason"],
        "fallbacks": data["letters"].get("fallbacks", {}),
        "fallback_reasons": data["letters"].get("fallback_reasons", {}),
        "no_interview": data["letters"].get("no_interview", ["application"]),
        "letter_contexts": data["letters"].get("contexts", {}),
        "advice": [
            {
                "when": a["when"],
                "unless": a.get("unless", []),
                "text": a["text"],
                "page": a["page"],
                "no_letter": a.get("no_letter", False),
            }
            for a in data.get("advice", [])
        ],
        "html": data["html"],
        "english": data["english"],
        "reading": data["reading"],
        "quoted": {
            "start": expand(data["quoted"]["start"], names),
            "least_words": data["quoted"]["least_words"],
            "forwarded": expand(data["quoted"]["forwarded"], names),
        },
        "fields": fields,
    }


def patterns(data: Any, where: str = "") -> list[tuple[str, str]]:
    """Every pattern in resolved data, with where it is ("rules[asks_why].shapes ...")."""
    found = []
    if isinstance(data, dict):
        name = data.get("id")
        for key, value in data.items():
            place = f"{where}[{name}]" if name and not where.endswith(f"[{name}]") else where
            if key in PATTERN_KEYS and value:
                values = value if isinstance(value, list) else [value]
                found += [(f"{place} {key}".strip(), v) for v in values if isinstance(v, str)]
            else:
                found += patterns(value, f"{place}.{key}" if place else key)
    elif isinstance(data, list):
        for item in data:
            found += patterns(item, where)
    return found


def refuse_unreadable(data: dict[str, Any], source: str) -> None:
    """Raise :class:`DataError` for the first pattern RE2 cannot read."""
    for where, pattern in patterns(data):
        reason = refusal(pattern)
        if reason is not None:
            raise DataError(
                f"{source}: {where}: RE2 cannot read {pattern[:60]!r} ({reason}); write it "
                "without look-arounds or back-references (see the file's header)"
            )


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def generated() -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    rules = rules_data()
    resolved_rules = resolve(rules)
    refuse_unreadable(resolved_rules, f"src/followup/{RULES_FILE.name}")
    signals = resolve_signals(signals_data(), rules)
    refuse_unreadable(signals, f"src/followup/{SIGNALS_FILE.name}")
    return {
        RULES_JSON: as_json(resolved_rules),
        SIGNALS_JSON: as_json({"signals": signals, "letters": read_letters(EXAMPLES)}),
    }


def main() -> int:
    """Write rules.json and signals.json; a data file that cannot be read gets one line."""
    from .files import write_generated

    try:
        files = generated()
    except (DataError, tomllib.TOMLDecodeError, KeyError) as error:
        print(f"followup.generate: {error}", file=sys.stderr)
        return 2
    for path, text in files.items():
        write_generated(path, text, f"{RULES_FILE.name}, {SIGNALS_FILE.name} and the examples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
