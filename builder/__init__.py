"""Briefing builder: YAML records drawn from source documents → a sourced MkDocs site.

Pipeline, one module per stage: load → validate → link → render → publish (see pipeline.py).
"""
