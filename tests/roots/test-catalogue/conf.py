# The catalogue: every example, grouped by scenario, linking to the page that shows it.
extensions = ["myst_parser", "followup.site"]
root_doc = "index"
exclude_patterns = ["_build"]
nitpicky = True
