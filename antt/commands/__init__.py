"""One module per command of `python -m antt` (see antt/__main__.py)."""
