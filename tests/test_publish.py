"""Safe builds: `briefing build` builds into a staging folder and swaps it in only when everything
succeeded. A failed build — bad sources, MkDocs aborting, an exception or an interrupt half-way —
leaves the published site byte for byte as it was, and no staging folder behind. Two builds of the
same input are byte-identical, so a deploy diff shows only real changes."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from pathlib import Path

import pytest

from builder.settings import read_settings
from builder.site.publish import publish_site


def snapshot(site: Path) -> dict[str, str]:
    """Every file under site/, by relative path, with its SHA-256."""
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def leftovers(site: Path) -> list[str]:
    """Staging or retired folders a build left next to the site."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


@pytest.fixture
def published(project):
    """A stand-in for a site published earlier: a few files whose bytes must survive failed builds."""
    site = project.root / "public" / "site"
    (site / "events").mkdir(parents=True)
    (site / "index.html").write_text("<h1>published yesterday</h1>\n")
    (site / "events" / "old.html").write_bytes(b"\x00\x01 exact bytes \xff")
    return site


def assert_untouched(site: Path, before: dict[str, str]) -> None:
    assert snapshot(site) == before
    assert leftovers(site) == []


# --- a good build --------------------------------------------------------------------------


def test_two_builds_are_byte_identical_and_replace_the_site_whole(project):
    # Under git, as in real use: history-based pages and exports read the commits.
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    subprocess.run(["git", "add", "sources", "mkdocs.yml"], cwd=project.root, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "seed",
                    "--date=2025-12-11T00:00:00Z"], cwd=project.root, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2025-12-11T00:00:00Z"})
    site = project.root / "site"
    first = project.build(site)
    assert first.exit_code == 0, first.output
    assert "✓ site built" in first.output
    before = snapshot(site)
    assert "index.html" in before and "sitemap.xml.gz" in before
    assert any(name.startswith("events/") for name in before)
    assert leftovers(site) == []
    # Readable by a web server running as another user (mkdtemp would make it 0700).
    assert stat.S_IMODE(site.stat().st_mode) & 0o055 == 0o055 & ~_umask()

    (site / "stale.html").write_text("from an older build")  # the swap replaces the whole folder
    second = project.build(site)
    assert second.exit_code == 0, second.output
    after = snapshot(site)
    assert after == before, sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    assert leftovers(site) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- failed builds leave the published site alone ----------------------------------------------


def test_invalid_sources_leave_the_site_untouched(project, published):
    before = snapshot(published)
    event = project.sources / "events" / "2025-12-03-idlib-arrests.yaml"
    event.write_text(event.read_text().replace("actor: isis", "actor: centcomm"))
    result = project.build(published)
    assert result.exit_code == 1
    assert "2025-12-03-idlib-arrests.yaml:10:12: unknown actor 'centcomm'" in result.output
    assert "nothing was built" in result.output
    assert_untouched(published, before)


def test_mkdocs_aborting_leaves_the_site_untouched(project, published):
    before = snapshot(published)
    (project.root / "docs" / "broken.md").write_text("# Broken\n\n[a link to nowhere](missing.md)\n")
    result = project.build(published)
    assert result.exit_code == 1
    assert "build failed" in result.output and "left untouched" in result.output
    assert_untouched(published, before)


@pytest.mark.parametrize("where", ["render", "export", "search index", "after mkdocs"])
def test_an_exception_mid_build_leaves_the_site_untouched(project, published, monkeypatch, where):
    before = snapshot(published)

    def boom(*args, **kwargs):
        raise RuntimeError(f"injected failure in {where}")

    if where == "render":
        monkeypatch.setattr("builder.pages.plan.plan_pages", boom)
    elif where == "export":
        monkeypatch.setattr("builder.data.export.export_files", boom)
    elif where == "search index":
        monkeypatch.setattr("builder.site.search_index.index_site", boom)
    else:  # every page written to staging, then a failure before the swap
        import mkdocs.commands.build as mkdocs_build

        real = mkdocs_build.build

        def build_then_fail(config, **kwargs):
            real(config, **kwargs)
            assert any(Path(config.site_dir).rglob("*.html"))
            boom()

        monkeypatch.setattr(mkdocs_build, "build", build_then_fail)
    result = project.build(published)
    assert result.exit_code == 1
    assert f"injected failure in {where}" in result.output
    assert_untouched(published, before)


def test_an_interrupt_mid_build_leaves_the_site_untouched(project, published, monkeypatch):
    before = snapshot(published)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("builder.pages.plan.plan_pages", interrupt)
    with pytest.raises(KeyboardInterrupt):
        publish_site(read_settings(project.config), published, echo=lambda message: None)
    assert_untouched(published, before)


def test_a_failed_swap_puts_the_published_site_back(project, published, monkeypatch):
    before = snapshot(published)
    real_rename = Path.rename

    def rename(self, target):
        if self.name.startswith(f".{published.name}.building-"):
            raise OSError("injected: rename of the new site failed")
        return real_rename(self, target)

    def exchange(first, second):
        raise OSError("injected: rename of the new site failed")

    monkeypatch.setattr(Path, "rename", rename)
    monkeypatch.setattr("builder.site.publish._exchange", exchange, raising=False)
    result = project.build(published)
    assert result.exit_code == 1
    assert "injected: rename of the new site failed" in result.output
    assert_untouched(published, before)


def _swap_killed_after(steps: int, staging: Path, target: Path) -> None:
    """In a forked child, swap staging in and SIGKILL the child right after its *steps*-th file
    system operation (rename, exchange or removal), as `kill -9` would at that moment."""
    import shutil
    import signal

    from builder.site import publish

    pid = os.fork()
    if pid == 0:  # the child: never returns
        done = [0]

        def counted(real):
            def step(*args, **kwargs):
                result = real(*args, **kwargs)
                done[0] += 1
                if done[0] >= steps:
                    os.kill(os.getpid(), signal.SIGKILL)
                return result
            return step

        Path.rename = counted(Path.rename)
        shutil.rmtree = counted(shutil.rmtree)
        if hasattr(publish, "_exchange"):
            publish._exchange = counted(publish._exchange)
        try:
            publish._swap(staging, target)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


@pytest.mark.parametrize("steps", [1, 2, 3, 4])
def test_a_build_killed_during_the_swap_always_leaves_a_whole_site(published, steps):
    """Issue 21 item 11: kill -9 between the two renames of the old swap left no site/ at all."""
    before = snapshot(published)
    staging = published.with_name(f".{published.name}.building-test")
    (staging / "events").mkdir(parents=True)
    (staging / "index.html").write_text("<h1>built today</h1>\n")
    new = snapshot(staging)

    _swap_killed_after(steps, staging, published)

    assert published.is_dir()
    assert snapshot(published) in (before, new)


def _dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


def test_folders_left_by_killed_builds_are_removed_by_the_next(project, published):
    """Issue 21 item 11: staging folders of killed builds piled up, never removed."""
    dead = _dead_pid()
    for name in (f".site.building-{dead}-abc123", ".site.building-x7k2_q9", ".site.previous",
                 f".site.previous-{dead}"):
        (published.parent / name / "events").mkdir(parents=True)
        (published.parent / name / "events" / "half.html").write_text("half a build")
    running = published.parent / f".site.building-{os.getppid()}-live"  # a build still running
    running.mkdir()

    result = project.build(published)

    assert result.exit_code == 0, result.output
    assert leftovers(published) == [running.name]


def test_a_site_retired_by_a_killed_build_is_put_back(project, published):
    """Where folders cannot be exchanged atomically (two renames), a build killed between the
    renames leaves the old site retired: the next build puts it back, even if it fails itself."""
    before = snapshot(published)
    published.rename(published.with_name(f".site.previous-{_dead_pid()}"))
    (project.sources / "actors.yaml").write_text("- id: [broken\n", encoding="utf-8")

    result = project.build(published)

    assert result.exit_code == 1
    assert_untouched(published, before)
