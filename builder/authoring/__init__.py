"""Commands that help editors write sources: scaffolds, drafts, extraction from documents."""
