"""The MkDocs side: the plugin, publishing and the search index."""
