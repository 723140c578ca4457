"""The 404 page as a reader meets it: served as GitHub Pages serves it, from the site's
folder (/after-the-no/), at whatever missing address they followed, with or without script;
and from a custom domain's root, for a build with FOLLOWUP_BASE_PATH=/."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import Watch, open_context
from followup.sitebuild import STAGING, command

AXE = Axe()
#: The custom domain's build and the two servers are made once, so one worker runs these.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("not-found")]


class _PagesHandler(SimpleHTTPRequestHandler):
    """The site under its prefix; anything missing gets 404.html with status 404, as on
    Pages."""

    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # the base class leaves it untyped
        path = urlsplit(self.path).path
        if path.startswith(self.prefix):
            self.path = "/" + path[len(self.prefix) :]
            found = Path(self.translate_path(self.path))
            if found.is_file() or (found / "index.html").is_file():
                return super().send_head()
        page = Path(self.directory) / "404.html"
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def serve(site: Path, prefix: str) -> ThreadingHTTPServer:
    handler = type("Handler", (_PagesHandler,), {"prefix": prefix})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def root_site(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same project built for a custom domain (FOLLOWUP_BASE_PATH=/). The site's path
    is used only by the 404 page (conf.py's notfound_urls_prefix), so that page alone is
    written again, into a copy of the site, from a copy of the first build's environment.
    The project is not copied: Sphinx reads every page again in another folder."""
    root = tmp_path_factory.mktemp("root-site")
    site, doctrees = root / "html", root / "doctrees"
    shutil.copytree(built / "_build" / "html", site)
    shutil.copytree(built / STAGING / "doctrees", doctrees)
    result = subprocess.run(
        command(out=site, doctrees=doctrees, pages=["docs/404.md"]),
        cwd=built, capture_output=True, text=True, check=False,
        env={**os.environ, "FOLLOWUP_BASE_PATH": "/"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "0 added, 0 changed, 0 removed" in result.stdout, result.stdout
    return site


@pytest.fixture(scope="module", params=["/after-the-no/", "/"], ids=["pages", "custom-domain"])
def pages_server(request, site: Path) -> Iterator[tuple[str, str]]:
    """The built site on http://127.0.0.1:<port><prefix>, as its build configured it."""
    prefix = request.param
    served = site if prefix != "/" else request.getfixturevalue("root_site")
    httpd = serve(served, prefix)
    yield f"http://127.0.0.1:{httpd.server_address[1]}", prefix
    httpd.shutdown()
    httpd.server_close()


#: A missing page deep in a folder that exists, and one in a misspelt folder. The page's
#: links are the same at every address, so the deep one also follows each link.
DEEP = "situations/gone/very/deep/page.html"
MISSING = (DEEP, "situation/final-round")


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("missing", MISSING)
def test_a_missing_page_shows_the_styled_404_and_every_link_works(
    browser, pages_server: tuple[str, str], missing: str, script: bool
) -> None:
    origin, prefix = pages_server
    watch = Watch()
    context = open_context(browser, origin, watch, java_script_enabled=script)
    failed: list[str] = []
    context.on(
        "response",
        lambda response: failed.append(response.url) if response.status >= 400 else None,
    )
    page = context.new_page()
    try:
        response = page.goto(origin + prefix + missing)
        assert response is not None and response.status == 404
        assert page.locator("h1").first.inner_text().startswith("Page not found")
        # The stylesheet loaded: the theme's layout is applied, not the browser's defaults.
        assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
        assert page.locator("link[rel=stylesheet]").count() > 0
        # Only the page itself is missing; every asset it asked for was found.
        assert failed == [origin + prefix + missing]
        links = page.eval_on_selector_all(
            "a[href]:not([href^='#']):not([href^='http']):not([href^='mailto'])",
            "links => links.map(a => a.href)",
        )
        assert any(link.endswith(prefix + "index.html") for link in links)
        for link in sorted(set(links)) if missing == DEEP else ():
            status = page.request.get(link.split("#")[0]).status
            assert status == 200, f"{link} from the 404 page answered {status}"
        if script and missing == DEEP:  # axe runs as a script in the page
            violations = AXE.run(page).response["violations"]
            assert [(v["id"], [n["target"] for n in v["nodes"]][:2]) for v in violations] == []
        page.get_by_role("link", name="Start at the beginning").click()
        assert page.url.endswith(prefix + "index.html")
        assert "Page not found" not in page.locator("h1").first.inner_text()
    finally:
        context.close()
    # The one complaint is the missing page's own status: no missing favicon or asset.
    assert watch.errors == [
        f"Failed to load resource: the server responded with a status of 404 (Not Found) "
        f"({origin + prefix + missing})"
    ]
