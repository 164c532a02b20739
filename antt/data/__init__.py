"""The data layer: the table schema, CSV reading, validation, the DuckDB store (reloaded when a
file changes), named queries (queries/*.sql), the reports table's rules (months, settings,
states), the completeness rule (complete.py: up to which day each unit's data are complete) and
the summary of a folder.

Imports antt.text and the loose modules only; never a wing above it.
"""
