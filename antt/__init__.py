"""ANTT Dashboard: the domain package (data, queries, charts, maps, notice, formatting)."""
