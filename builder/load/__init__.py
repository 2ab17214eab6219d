"""Reading sources/: YAML parsing, per-record validation and the source documents' quotes."""
