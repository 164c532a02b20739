"""The entry path: reading uploaded CSV/Excel files, cells, labels and place names into codes, the
checks against stored data and the editor's scope, upsert, upload limits, templates, and the
one-record form's logic.

Imports antt.writes, antt.access, antt.data and antt.text.
"""
