# A theme whose markup the accessibility fixes do not find: the build says so.
extensions = ["myst_parser", "followup.site"]
root_doc = "index"
exclude_patterns = ["_build"]
html_theme = "basic"
templates_path = ["_templates"]
