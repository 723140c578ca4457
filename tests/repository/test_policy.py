"""Repository policy, checked by `make lint` beside ruff, mypy and actionlint (it is the
repository's shape, not the package's behaviour): CI and Read the Docs build the site as
the README says, actions and hooks are pinned and kept current, the forms and licences are
there, the package metadata is complete, and the vendored re2js is the pinned npm build.

    .venv/bin/pytest tests/repository
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from support import ROOT

REPOSITORY = "https://github.com/after-the-no/after-the-no"
SITE_URL = "https://after-the-no.github.io/after-the-no/"
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def readme_commands() -> list[str]:
    """The `make` commands of the README's quick start."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"## Quick start.*?```sh\n(.*?)```", readme, re.S)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


# Continuous integration and Read the Docs


def test_the_readme_quick_start_is_make_html_and_make_test() -> None:
    assert readme_commands() == ["make html", "make test"]


def test_the_workflow_tests_pull_requests_and_publishes_main() -> None:
    workflow = load(WORKFLOW)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    test = workflow["jobs"]["test"]
    steps = test["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert set(readme_commands()) <= set(runs)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the last-updated dates need the history
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    assert "main" in upload["if"] and "pull_request" in upload["if"]
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "test" and publish["if"] in upload["if"]
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages" in s.get("uses", "") for s in publish["steps"])
    assert workflow["permissions"] == {"contents": "read"}


def test_every_supported_python_is_tested() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    oldest = project["requires-python"].removeprefix(">=")
    matrix = load(WORKFLOW)["jobs"]["test"]["strategy"]["matrix"]["python"]
    classified = [
        c.rsplit(" ", 1)[1] for c in project["classifiers"] if re.search(r":: 3\.\d+$", c)
    ]
    assert matrix[0] == oldest and matrix == classified
    assert len(matrix) >= 4


def test_actions_are_pinned_to_releases_and_kept_current() -> None:
    workflow = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)(.*)", workflow)
    assert len(uses) >= 4
    for action, comment in uses:
        ref = action.partition("@")[2]
        sha = re.fullmatch(r"[0-9a-f]{40}", ref)
        # A release commit, named in a comment, or an exact release tag: never a branch.
        assert (sha and re.search(r"# v\d+\.\d+\.\d+", comment)) or re.fullmatch(
            r"v\d+\.\d+\.\d+", ref
        ), action
    for old in ("checkout@v4", "setup-python@v5", "upload-pages-artifact@v3", "deploy-pages@v4"):
        assert old not in workflow
    dependabot = load(ROOT / ".github" / "dependabot.yml")
    ecosystems = {update["package-ecosystem"] for update in dependabot["updates"]}
    assert {"github-actions", "pip"} <= ecosystems


def test_every_action_of_a_job_that_can_publish_is_pinned_to_a_commit() -> None:
    """A tag can be moved to other code; a commit cannot. A job that uploads or deploys the
    site runs its actions by full commit, with the release named in a comment."""
    text = WORKFLOW.read_text(encoding="utf-8")
    publishing = [
        job
        for job in load(WORKFLOW)["jobs"].values()
        if job.get("permissions", {}).get("pages") == "write"
        or any("pages" in step.get("uses", "") for step in job["steps"])
    ]
    assert len(publishing) == 2
    for job in publishing:
        for action in (step["uses"] for step in job["steps"] if "uses" in step):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
            assert re.search(rf"uses: {re.escape(action)} # v\d+\.\d+\.\d+\n", text), action


def test_deploys_are_never_cancelled_and_every_job_has_a_time_limit() -> None:
    jobs = load(WORKFLOW)["jobs"]
    assert all(job.get("timeout-minutes") for job in jobs.values())
    assert jobs["publish"]["concurrency"]["cancel-in-progress"] is False
    workflow = load(WORKFLOW)
    assert "concurrency" not in workflow  # no workflow-wide group that cancels a deploy


def test_read_the_docs_builds_with_make_html() -> None:
    config = load(ROOT / ".readthedocs.yaml")
    assert config["version"] == 2
    commands = config["build"]["commands"]
    assert "make html" in commands
    assert commands.index("make html") < len(commands) - 1
    assert any("_build/html" in c and "$READTHEDOCS_OUTPUT/html" in c for c in commands)
    unshallow = next(c for c in commands if "--unshallow" in c)
    assert "|| true" not in unshallow  # a failed fetch stops the build, not hidden
    assert config["build"]["tools"]["python"] >= "3.11"


def test_the_issue_forms_and_pull_request_template() -> None:
    forms = {path.stem: load(path) for path in (ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml")}
    assert {"suggest-a-situation", "letter-problem"} <= set(forms)
    for name in ("suggest-a-situation", "letter-problem"):
        form = forms[name]
        assert form["name"] and form["description"] and form["body"], name
        assert any(field.get("validations", {}).get("required") for field in form["body"])
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for name in ("suggest-a-situation", "letter-problem"):
        assert f"template={name}.yml" in contributing
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    checklist = re.findall(r"^- \[ \] (.*)$", template, re.M)
    assert len(checklist) >= 5
    assert any("`make test`" in item for item in checklist)


# Pre-commit


def test_the_hook_for_other_repositories_runs_followup_check() -> None:
    (hook,) = load(ROOT / ".pre-commit-hooks.yaml")
    assert hook["id"] == "followup-check"
    assert hook["entry"] == "followup check"
    assert hook["language"] == "python"  # pre-commit installs this package to run it
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    assert scripts["followup"] == "followup.cli:main"
    assert re.search(hook["files"], "letters/to-northwind.txt")
    assert not re.search(hook["files"], "roles/web/templates/nginx.conf.j2")


# Licences


def test_the_licences_are_stated() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    cc0 = (ROOT / "LICENSES" / "CC0-1.0.md").read_text(encoding="utf-8")
    assert "`examples/`" in cc0 and "`snippets/`" in cc0
    assert "https://creativecommons.org/publicdomain/zero/1.0/" in cc0
    by = (ROOT / "LICENSES" / "CC-BY-4.0.md").read_text(encoding="utf-8")
    assert "`docs/`" in by and "https://creativecommons.org/licenses/by/4.0/" in by
    page = (ROOT / "docs" / "licence.md").read_text(encoding="utf-8")
    assert page.startswith("# Copy the letters. No credit needed.\n")
    for link in re.findall(rf"\]\({re.escape(REPOSITORY)}/blob/main/([^)]+)\)", page):
        assert (ROOT / link).is_file(), link


# The package


def test_the_package_says_where_it_lives_and_what_it_is() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(project["urls"])
    assert "Typing :: Typed" in project["classifiers"]
    assert (ROOT / "src" / "followup" / "py.typed").is_file()
    from followup import __version__

    assert project["version"] == __version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}] - " in changelog and "Keep a Changelog" in changelog


def test_the_build_system_is_new_enough_for_the_metadata() -> None:
    """`license = "MIT"` (an SPDX expression, PEP 639) needs setuptools 77 or newer; an
    older one refuses the project with a schema error when building it."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(pyproject["project"]["license"], str)
    (setuptools,) = [r for r in pyproject["build-system"]["requires"] if "setuptools" in r]
    minimum = re.fullmatch(r"setuptools>=(\d+)(?:\.\d+)*", setuptools.replace(" ", ""))
    assert minimum and int(minimum.group(1)) >= 77, setuptools
    assert not any(c.startswith("License ::") for c in pyproject["project"]["classifiers"])


def test_the_hook_is_pinned_to_a_release_in_every_example() -> None:
    for path in (ROOT / ".pre-commit-hooks.yaml", ROOT / "CONTRIBUTING.md"):
        revs = re.findall(r"rev: (\S+)", path.read_text(encoding="utf-8"))
        assert revs and all(re.fullmatch(r"v\d+\.\d+\.\d+", rev) for rev in revs), path.name


def test_the_pages_re2js_is_the_npm_package_byte_for_byte() -> None:
    """src/followup/static/re2js.js is the vendored build of the re2js package pinned in
    .ci/package.json (installed by `make lint`), with its MIT licence beside it."""
    import json

    static = ROOT / "src" / "followup" / "static"
    pinned = json.loads((ROOT / ".ci" / "package.json").read_text(encoding="utf-8"))
    version = pinned["devDependencies"]["re2js"]
    vendored = (static / "re2js.js").read_bytes()
    assert f"@version v{version}".encode() in vendored[:400]
    assert b"MIT License" in (static / "re2js.LICENSE.txt").read_bytes()
    installed = ROOT / ".ci" / "node_modules" / "re2js" / "build" / "index.umd.js"
    if not installed.exists():
        pytest.skip("the npm copy is installed by `make lint` (.ci/node_modules): run that")
    assert vendored == installed.read_bytes(), "re2js.js differs from the pinned npm build"
