"""The data layer: the table schema, CSV reading, validation, the DuckDB store (reloaded when a
file changes), named queries (queries/*.sql), the reports table's rules (months, settings,
states) and the summary of a folder.

Imports antt.text and the loose modules only; never a wing above it.
"""
