"""Sphinx configuration for After the No.

Build with ``make html``: the sources are in ``docs/``, this file stays at the top.
"""

# -- Project ---------------------------------------------------------------------------
project = "After the No"
author = "the After the No contributors"
copyright = "2026, the After the No contributors"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "followup.sphinxext",  # the {letter} and {letter-catalogue} directives
]
root_doc = "index"
# Every reference must resolve; `make html` also turns warnings into errors.
nitpicky = True

# -- Example letters --------------------------------------------------------------------
# Both folders are relative to this file.
followup_examples_dir = "examples"
followup_snippets_dir = "snippets"

# -- MyST ---------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- HTML ---------------------------------------------------------------------------------
html_theme = "furo"
html_title = "After the No"
html_static_path: list[str] = []
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# The copy button copies the letter text and nothing else (the letter block is the only
# `div.highlight pre` that holds a letter; its subject and links sit outside it).
copybutton_selector = "div.highlight pre"
copybutton_exclude = ".linenos, .gp"
