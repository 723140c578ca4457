"""After the No: example follow-up letters, the rules they follow, and the tools around them.

The modules, one job each:

- :mod:`followup.problems`: the one-line error every user mistake becomes.
- :mod:`followup.variables`: the variables a letter may use and their placeholders.
- :mod:`followup.render`: renders letter templates in Jinja's sandbox.
- :mod:`followup.examples`: the example letter model and the catalogue of all examples.
- :mod:`followup.rules`: the letter rules (thanks, feedback request, never asking why).
- :mod:`followup.sphinxext`: the Sphinx extension (the ``letter`` directive, the catalogue).
- :mod:`followup.cli`: the ``followup`` command.
"""

__version__ = "0.1.0"
