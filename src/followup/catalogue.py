"""The catalogue: every example in ``examples/``, loaded with one renderer that the
catalogue owns (the registries are read once for it, and ``{snippet}`` reuses them).
"""

from __future__ import annotations

from pathlib import Path

from .example import NOT_EXAMPLES, SCENARIOS_FILE, SUFFIX, Loaded, load_example
from .model import Catalogue, LetterText
from .problems import Problem
from .reading import inside, read_text
from .registries import load_registry
from .render import Analysis
from .variables import DETAILS_FILE, VARIABLES_FILE, suggest


def new_catalogue(examples_dir: Path, snippets_dir: Path) -> Catalogue:
    return Catalogue(
        examples_dir,
        snippets_dir,
        shared_files=(
            snippets_dir / VARIABLES_FILE,
            snippets_dir / DETAILS_FILE,
            examples_dir / SCENARIOS_FILE,
        ),
    )


def example_paths(catalogue: Catalogue) -> list[Path]:
    """Every example file, after a problem for each thing in the folder that is not one."""
    paths = []
    for path in sorted(catalogue.examples_dir.iterdir()):
        if path.name in NOT_EXAMPLES or path.name.startswith("."):
            continue
        if path.is_symlink():
            catalogue.problems.append(
                Problem(path, None, "is a symbolic link; examples/ may hold only real files")
            )
        elif path.suffix != SUFFIX or not path.is_file():
            catalogue.problems.append(
                Problem(
                    path,
                    None,
                    f"is not an example; an example is one file named <id>{SUFFIX} directly "
                    "in the examples folder",
                )
            )
        else:
            paths.append(path)
    return paths


def load_catalogue(examples_dir: Path, snippets_dir: Path) -> Catalogue:
    """Load, check and render every example; never raises for a mistake in a file."""
    catalogue = new_catalogue(examples_dir.absolute(), snippets_dir.absolute())
    try:
        renderer = load_registry(catalogue)
    except Problem as problem:
        catalogue.problems.append(problem)
        return catalogue  # no example can be checked: that one problem is enough
    catalogue.renderer = renderer
    for path in example_paths(catalogue):
        loaded = load_example(path, catalogue, renderer)
        example_id = path.name[: -len(SUFFIX)]
        catalogue.dependencies[example_id] = tuple(
            dict.fromkeys([*loaded.dependencies, *catalogue.shared_files])
        )
        if loaded.example is not None:
            catalogue.examples[example_id] = loaded.example
        else:
            catalogue.broken[example_id] = loaded.problems
    return catalogue


def load_one(path: Path) -> Loaded:
    """Load one example file on its own, with the snippets folder beside its folder.

    For checking or rendering one letter quickly: reads only the data files, this
    example and the snippets it uses, and reports only their problems.
    """
    path = path.absolute()
    catalogue = new_catalogue(path.parent, path.parent.parent / "snippets")
    try:
        renderer = load_registry(catalogue)
    except Problem as problem:
        return Loaded(None, [problem], [path])
    if path.is_symlink():
        return Loaded(
            None, [Problem(path, None, "is a symbolic link; examples/ may hold only real files")]
        )
    return load_example(path, catalogue, renderer)


def render_snippet(catalogue: Catalogue, name: str) -> tuple[LetterText | None, Analysis]:
    """Render one snippet on its own, with placeholders, for showing it in the guide.

    Returns the text (``None`` if it could not be rendered) and the analysis, whose
    dependencies are recorded even when rendering fails. A problem with the name itself
    has no path: it is the page's mistake.
    """
    analysis = Analysis([*catalogue.shared_files], [])
    try:
        # The catalogue's own renderer: its registries were read once, when it loaded.
        renderer = catalogue.renderer or load_registry(catalogue)
    except Problem as problem:
        analysis.problems.append(problem)
        return None, analysis
    path = renderer.path_for(name)
    if path is None or not path.is_file():
        if path is not None:
            analysis.dependencies.append(path)
        known = renderer.snippet_names()
        analysis.problems.append(
            Problem(None, None, f"unknown snippet {name!r}{suggest(name, known)}", "snippet")
        )
        return None, analysis
    analysis.dependencies.append(path)
    refused = inside(catalogue.snippets_dir, path)
    try:
        if refused is not None:
            raise refused
        source = read_text(path, "snippet")
    except Problem as problem:
        analysis.problems.append(problem)
        return None, analysis
    found = renderer.analyse(source, path)
    analysis.dependencies.extend(found.dependencies)
    analysis.problems.extend(found.problems)
    if analysis.problems:
        return None, analysis
    try:
        text = renderer.render(source, path)
    except Problem as problem:
        analysis.problems.append(problem)
        return None, analysis
    if not text.parts:
        analysis.problems.append(Problem(path, None, "renders nothing on its own", "snippet"))
        return None, analysis
    return text, analysis
