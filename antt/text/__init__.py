"""Vietnamese text: number and date formats (vi-VN), escaping for markdown and HTML, vocabulary
labels, place names and unit labels, Plotly's Vietnamese locale.

Imports nothing of antt but antt.config and antt.problems: every other wing may use it.
"""
