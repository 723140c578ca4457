# A tiny guide: two pages, two examples, three snippets.
extensions = ["myst_parser", "followup.site"]
root_doc = "index"
exclude_patterns = ["_build"]
nitpicky = True
