"""The Streamlit side of the package: cached queries, shared filter widgets, downloads.

Only modules in antt/ui import streamlit.
"""
