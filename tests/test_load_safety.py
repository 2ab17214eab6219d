"""Contributed files cannot make the build read outside sources/."""

from __future__ import annotations


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
