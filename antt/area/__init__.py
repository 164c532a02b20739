"""Any area in one command: the official 2024 and 2025 unit lists and the crosswalk between them
(PyPI `vietnamadminunits`, read offline), and the writing of a new data folder for a province,
a former district or a commune (`python -m antt area init`), with the communes' polygons
dissolved from the bundled 2013 set (geo/vietnam63_communes.geojson.gz, MIT).

Imports antt.data (the schema), antt.text and shapely; no Streamlit.
"""
