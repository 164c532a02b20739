"""Any area in one command: the official 2024 and 2025 unit lists and the crosswalk between them
(PyPI `vietnamadminunits`, read offline), and the writing of a new data folder for a province,
a former district or a commune (`python -m antt area init`).

Imports antt.data (the schema) and antt.text; no Streamlit.
"""
