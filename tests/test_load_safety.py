"""Contributed files cannot make the build read outside sources/, or show what no source file says."""

from __future__ import annotations

import sys


def test_symlinked_event_is_refused_with_its_path(project, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: leaked\n", encoding="utf-8")
    link = project.root / "sources" / "events" / "zz-link.yaml"
    link.symlink_to(secret)

    result = project.validate()

    assert result.exit_code == 1
    assert "sources/events/zz-link.yaml:1:1: symbolic links are not allowed in sources/" in result.output
    assert "leaked" not in result.output


def test_symlinked_document_is_refused(project):
    documents = project.root / "sources" / "documents"
    original = sorted(documents.glob("*.txt"))[0]
    link = documents / "zz-copy.txt"
    link.symlink_to(original)

    result = project.validate()

    assert result.exit_code == 1
    assert "sources/documents/zz-copy.txt:1:1: symbolic links are not allowed" in result.output


def test_a_committed_parse_cache_cannot_put_text_on_the_site(project):
    """A `.cache/briefing/parsed.marshal` in the repository (as an earlier builder kept one) could map
    a source file's hash to any data: the site then showed text that is in no source file. Nothing
    parsed is read from disk now: what the sources say is what is built."""
    import hashlib
    import marshal

    import yaml

    from builder.pipeline import build_briefing

    event = next((project.sources / "events").glob("*.yaml"))
    text = event.read_text(encoding="utf-8")
    forged = yaml.safe_load(text)
    forged["title"] = "FORGED TITLE IN NO SOURCE FILE"
    header = (f"briefing parsed YAML 2; Python {sys.version_info[0]}.{sys.version_info[1]}; "
              f"PyYAML {yaml.__version__}; ryaml -")
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    cache = project.root / ".cache" / "briefing" / "parsed.marshal"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(marshal.dumps((header, {key: _plain(forged)})))
    built = build_briefing(project.sources, "t", project.root)
    titles = {e.title for e in built.briefing.events}
    assert "FORGED TITLE IN NO SOURCE FILE" not in titles
    assert yaml.safe_load(text)["title"] in titles


def _plain(value):
    """YAML data as the loader keeps it (dates as text)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
