"""One module per command of `python -m antt` (see antt/__main__.py).

The top layer beside antt.ui: may import every wing, never antt.ui or Streamlit.
"""
