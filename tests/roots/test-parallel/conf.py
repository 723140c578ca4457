# Enough pages for Sphinx to read them in parallel (it does so above five).
extensions = ["myst_parser", "followup.site"]
root_doc = "index"
exclude_patterns = ["_build"]
nitpicky = True
