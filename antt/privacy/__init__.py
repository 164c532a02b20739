"""Sensitive figures (religion counts by village, Law 91/2025/QH15, Decree 356/2025/NĐ-CP): the
small-cell threshold of the data folder (privacy.toml), small-cell suppression with secondary
suppression and its audit, which communes a signed-in person sees unsuppressed, and the access
log of who looked at or downloaded them.

Imports antt.data, antt.text and the loose modules only; no streamlit (antt.ui draws).
"""
