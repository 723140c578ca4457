"""The registries every example relies on: the variables and personal details a reader
fills in (``snippets/variables.toml``, ``snippets/details.toml``) and the situations
(``examples/scenarios.toml``), read once for a catalogue into its renderer.
"""

from __future__ import annotations

from pathlib import Path

from .example import ID_PATTERN, SCENARIOS_FILE
from .model import Catalogue, Scenario
from .problems import Problem
from .reading import inside, read_text
from .render import Renderer
from .tomlfile import key_lines, parse_toml
from .variables import DETAILS_FILE, VARIABLES_FILE, load_details, load_variables


def load_registry(catalogue: Catalogue) -> Renderer:
    """Read the variables, details and scenarios every example relies on.

    Raises a :class:`Problem` for the first mistake; returns the renderer for them.
    """
    for folder in (catalogue.examples_dir, catalogue.snippets_dir):
        if folder.is_symlink():
            raise Problem(
                folder, None, "is a symbolic link; it must be a real folder of the project"
            )
        if not folder.is_dir():
            raise Problem(folder, None, f"the {folder.name} folder is missing")
    for data in catalogue.shared_files:
        refused = inside(data.parent, data)
        if refused is not None:
            raise refused
    catalogue.variables = load_variables(catalogue.snippets_dir / VARIABLES_FILE)
    catalogue.details = load_details(catalogue.snippets_dir / DETAILS_FILE)
    both = sorted(set(catalogue.variables) & set(catalogue.details))
    if both:
        raise Problem(
            catalogue.snippets_dir / DETAILS_FILE,
            None,
            f"{both[0]!r} is both a variable and a detail; give one of them another name",
        )
    catalogue.scenarios = load_scenarios(catalogue.examples_dir / SCENARIOS_FILE)
    return Renderer(catalogue.snippets_dir, catalogue.variables, catalogue.details)


def load_scenarios(path: Path) -> dict[str, Scenario]:
    """Read the scenario list; every mistake in it is a :class:`Problem`."""
    text = read_text(path, "scenarios file")
    data = parse_toml(text, path)
    lines = key_lines(text.splitlines())
    scenarios = {}
    for scenario_id, table in data.items():
        line = lines.get(scenario_id)
        if not ID_PATTERN.match(scenario_id):
            raise Problem(
                path, line, f"scenario id {scenario_id!r} must be lower-case words joined by -"
            )
        if not isinstance(table, dict) or not (
            {"title", "summary"} <= set(table) <= {"title", "summary", "page"}
        ):
            raise Problem(
                path,
                line,
                f'scenario {scenario_id!r} needs title = "..." and summary = "...", and '
                'may have page = "..." (nothing else)',
            )
        if not all(isinstance(v, str) and v.strip() for v in table.values()):
            raise Problem(path, line, f"scenario {scenario_id!r}: title, summary and page are text")
        scenarios[scenario_id] = Scenario(
            scenario_id, table["title"], table["summary"], table.get("page")
        )
    return scenarios
