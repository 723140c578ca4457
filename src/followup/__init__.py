"""After the No: example follow-up letters, the rules they follow, and the tools around them.

The modules, one job each:

- :mod:`followup.problems`: the one-line error every user mistake becomes.
- :mod:`followup.tomlfile`: TOML data files, with their errors as one-line problems.
- :mod:`followup.variables`: the variables a letter may use and their placeholders.
- :mod:`followup.render`: renders letter templates in Jinja's sandbox.
- :mod:`followup.examples`: the example letter model and the catalogue of all examples.
- :mod:`followup.rules`: the letter rules (thanks, feedback request, never asking why).
- :mod:`followup.sphinxext`: the Sphinx extension (letters, snippets, the catalogue, the
  draft checker, and the browser scripts that go with them).
- :mod:`followup.markup`: the HTML of letters, forms and the theme fixes.
- :mod:`followup.files`: writing output files atomically.
- :mod:`followup.publishing`: the Sphinx extension for publishing (dates, edit links,
  the sitemap, the 404 page).
- :mod:`followup.scaffold`: ``followup new``, which starts a new example.
- :mod:`followup.cli`: the ``followup`` command.
"""

__version__ = "0.1.0"
