"""Data quality (DHIS2-style validation rules, outlier flags for small counts, missing reports,
double entries) and the follow-up marks of its flags, checked before a report is approved.

Imports antt.writes, antt.data and antt.text.
"""
