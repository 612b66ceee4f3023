"""Keeping an installation healthy for years: scheduled backups, retention, and `svit doctor`'s checks."""
