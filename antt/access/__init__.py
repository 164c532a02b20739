"""Who may do what: the editors file (argon2 hashes), signing in with its throttles, an editor's
standing at each run, the administration log.

Imports antt.text and the loose modules only.
"""
