"""What git says about the sources: per-file history and the 'what changed' page."""
