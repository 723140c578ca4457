"""A build with errors keeps the last good site: no page, letter or file is rewritten or
deleted in _build/html, and the stale-letter clean-up does not run."""

from __future__ import annotations

from pathlib import Path

from followup.sitebuild import SITE, build


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_failed_build_keeps_the_last_good_site(basic: Path) -> None:
    first = build(basic, source=".")
    assert first.returncode == 0, first.stderr
    site = basic / SITE
    good = snapshot(site)
    assert {"index.html", "letters/thanks.txt", "letters/reply.txt"} <= set(good)

    example = basic / "examples" / "thanks.j2"
    example.write_text(example.read_text().replace("{{ role }} role", "{{ rol }} role"))
    broken = build(basic, source=".")
    assert broken.returncode != 0
    assert "examples/thanks.j2:11: WARNING: unknown variable 'rol'" in broken.stderr
    assert snapshot(site) == good  # nothing rewritten, nothing deleted


def test_the_extension_leaves_letters_alone_after_errors(make_app, basic: Path) -> None:
    """Built straight into a folder, as sphinx-build on its own does: letters/ stays."""
    app = make_app("html", srcdir=basic)
    app.build()
    letters = Path(app.outdir) / "letters"
    before = snapshot(letters)
    app.cleanup()
    (basic / "examples" / "reply.j2").write_text("+++\nbroken", encoding="utf-8")
    again = make_app("html", srcdir=basic)
    again.build()
    assert "never closed" in again.warning.getvalue()
    assert snapshot(letters) == before  # reply.txt kept, thanks.txt not rewritten
