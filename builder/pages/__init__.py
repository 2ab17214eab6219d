"""Markdown pages from the briefing: one Jinja template per page kind, plus map/timeline data."""
