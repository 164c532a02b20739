"""The map: boundaries (GeoJSON), the indicators and their colours, the tables under the map and
the Plotly figure.

Imports antt.indicators, antt.data and antt.text.
"""
