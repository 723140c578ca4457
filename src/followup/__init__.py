"""After the No: example follow-up letters, the rules they follow, and the tools around them.

The modules, one job each:

- :mod:`followup.model`: the letter model, as plain records (variables, personal
  details, rendered text, examples, the catalogue).
- :mod:`followup.problems`: the one-line error every user mistake becomes, and its kinds.
- :mod:`followup.reading`: reading text people wrote, bounded in size, UTF-8 only, and
  keeping files inside their folders.
- :mod:`followup.tomlfile`: TOML data files, with their errors as one-line problems.
- :mod:`followup.variables`: the blanks a reader fills in (variables and details).
- :mod:`followup.language`: the template language of letters, checked before it runs.
- :mod:`followup.render`: checks and renders letter templates in Jinja's sandbox.
- :mod:`followup.examples`: loading example letters into the catalogue.
- :mod:`followup.linear`: compiling the data's patterns with RE2, linear in the text.
- :mod:`followup.engine`: the engine of the rules and recognisers (reading a text as a
  person sees it, sentences, shapes, exceptions); the twin of the page's
  ``followup-engine.js``, with :mod:`followup.prefilter` (the keyword filter that keeps it
  fast).
- :mod:`followup.checker`: the letter rules (thanks, a feedback request, never asking
  why) applied to a draft; the twin of ``followup-checker.js``.
- :mod:`followup.matcher`: reading a rejection message (its stage, signals and names)
  and ranking the letters that answer it; the twin of ``followup-match.js``.
- :mod:`followup.generate`: ``make rules``, resolving ``rules.toml`` and ``signals.toml``
  into ``rules.json`` and ``signals.json``, which the command, the build and the page read.
- :mod:`followup.scores`: how well the rules and the recognisers do on the labelled corpus.
- :mod:`followup.sphinxext`: the Sphinx extension (letters, snippets, the catalogue, the
  draft checker), with :mod:`followup.markup` (its HTML) and :mod:`followup.pages` (what
  a page may do: no raw HTML, no files from outside).
- :mod:`followup.publishing`: the Sphinx extension for publishing (edit links, canonical
  addresses, robots.txt).
- :mod:`followup.sitebuild`: building the guide as ``make html`` does.
- :mod:`followup.files`: writing output files atomically.
- :mod:`followup.scaffold`: ``followup new``, which starts a new example.
- :mod:`followup.cli`: the ``followup`` command.
"""

__version__ = "0.2.0"
