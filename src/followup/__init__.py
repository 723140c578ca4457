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
- :mod:`followup.registries`: the variables, details and scenarios every example relies
  on, read once for a catalogue into its renderer.
- :mod:`followup.example`: one example letter, from its file to a checked, rendered
  example (its id, front matter, metadata and template).
- :mod:`followup.catalogue`: every example, loaded with the renderer the catalogue owns.
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
- :mod:`followup.site`: the Sphinx extension, one module per feature, each with its own
  ``setup``: :mod:`~followup.site.nodes` and :mod:`~followup.site.domain` (per-page
  state and the catalogue each build loads), :mod:`~followup.site.letter` (letters and
  snippets), :mod:`~followup.site.catalogue`, :mod:`~followup.site.tools` (the draft
  checker and the message box), :mod:`~followup.site.tables` (tables from the rules and
  their scores), :mod:`~followup.site.theme` (theme fixes for screen readers),
  :mod:`~followup.site.publishing` (edit links, canonical addresses, robots.txt),
  :mod:`~followup.site.pages` (what a page may do: no raw HTML, no files from outside),
  :mod:`~followup.site.markup` (the HTML) and :mod:`~followup.site.report` (warnings).
- :mod:`followup.sitebuild`: building the guide as ``make html`` does.
- :mod:`followup.files`: writing output files atomically.
- :mod:`followup.scaffold`: ``followup new``, which starts a new example.
- :mod:`followup.cli`: the ``followup`` command.
"""

__version__ = "0.2.0"
