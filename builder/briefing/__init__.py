"""Linking the loaded records into one briefing: cross-references, derived values, disagreements."""
