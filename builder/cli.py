"""The `briefing` command: validate, build, serve, render, export and authoring helpers."""

from __future__ import annotations

import logging
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click

from builder.problems import BriefingError, RecordFailure, printable
from builder.settings import read_settings, site_url_warning

CONFIG_OPTION = click.option("--config", "-f", "config_file", default="mkdocs.yml", show_default=True,
                             type=click.Path(dir_okay=False), help="The project's mkdocs.yml.")
SOURCES_OPTION = click.option("--sources", type=click.Path(file_okay=False),
                              help="The sources/ folder (default: next to mkdocs.yml).")


def _built(config_file, sources):
    """Settings and the linked briefing, or exit 1 with every problem in the sources."""
    from builder.pipeline import build_briefing

    settings = read_settings(config_file, sources)
    try:
        return settings, build_briefing(settings.sources, settings.title, settings.project,
                                        vocabulary=settings.vocabulary)
    except BriefingError as error:
        _fail(error)


def _write_all(out: str, files: dict[str, str | bytes], list_each: bool = False) -> None:
    root = Path(out)
    for path, content in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
        if list_each:
            click.echo(f"  {path}  {len(data):,} bytes")
    click.echo(f"✓ {len(files)} files written to {root}")


def _show_mkdocs_messages(verbose: bool = False) -> None:
    """MkDocs reports warnings through logging; show them, so a strict failure says why."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)


class _OneLineFormatter(logging.Formatter):
    """MkDocs' messages quote page paths and data: each is printed as one line (CI reads a line
    starting with '::' as a command)."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


@contextmanager
def _record_failures():
    """A stage that failed on one record: its message (the record and its file), exit 1."""
    try:
        yield
    except RecordFailure as error:
        click.echo(f"✗ {printable(str(error))}", err=True)
        sys.exit(1)


def _engine_notice(silenced: bool) -> None:
    """Say, once a build or serve, what Material prints for `mkdocs` itself: the theme this builder
    uses reaches end of life in May 2027 (docs/guide/engine.md: what the project will do). The
    variable that silences Material's notice silences this one (*silenced*: it was set before
    Material, which sets it once imported, was loaded)."""
    from importlib.metadata import version

    if silenced or not version("mkdocs-material").startswith("9."):
        return
    click.echo("note: the theme, Material for MkDocs 9, reaches end of life on 5 May 2027 (security fixes "
               "until then); see 'The engine' in the guide. Set NO_MKDOCS_2_WARNING=1 to hide this note.",
               err=True)


def _fail(error: BriefingError) -> None:
    click.echo(error.report(), err=True)
    sys.exit(1)


class _Briefing(click.Group):
    """Every command reports a BriefingError (bad sources, a bad option in mkdocs.yml) and exits 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BriefingError as error:
            _fail(error)


@click.group(cls=_Briefing, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing-site")
def main() -> None:
    """Build a sourced briefing site from YAML event entries drawn from source documents.

    Start one with `briefing init FOLDER --title "…"`. Typical use: `briefing validate` while
    editing, `briefing build` to publish, `briefing serve` to preview with live reload.
    """


@main.command()
@CONFIG_OPTION
@SOURCES_OPTION
@click.option("--strict-review", is_flag=True,
              help="Fail when a finding on the quotes is not reviewed in sources/reviews.yaml.")
def validate(config_file, sources, strict_review) -> None:
    """Check every file under sources/ and report all problems at once.

    Then read the quotes and list the findings (sources that disagree) not yet reviewed, as
    warnings: they never fail the check unless --strict-review is given.
    """
    from builder.load.reader import load_sources
    from builder.load.validate import validate as run_validation
    from builder.review.reviews import review_sources

    settings = read_settings(config_file, sources)
    started = time.perf_counter()
    loaded = load_sources(settings.sources, settings.project)
    problems, counts = run_validation(loaded, settings.vocabulary)
    state = None
    if not problems:
        state, review_problems = review_sources(loaded, settings.project)
        problems = review_problems
    summary = ", ".join(f"{value} {name}" for name, value in counts.items())
    if problems:
        for problem in problems:
            click.echo(problem.format(), err=True)
        files = len({p.file for p in problems})
        click.echo(f"✗ {len(problems)} problem(s) in {files} file(s). Checked: {summary}.", err=True)
        sys.exit(1)
    _echo_findings(state)
    _echo_facts(loaded)
    click.echo(f"✓ sources are valid: {summary} ({time.perf_counter() - started:.2f} s).")
    if strict_review and state.unreviewed:
        click.echo(f"✗ {len(state.unreviewed)} finding(s) not reviewed (--strict-review): record or dismiss each "
                   "in sources/reviews.yaml (`briefing review` prints entries to paste).", err=True)
        sys.exit(1)


def _echo_findings(state) -> None:
    """Unreviewed findings as warnings (stdout: they are not errors), then the count."""
    for finding in state.unreviewed:
        click.echo(f"warning: {finding.format()}")
    for problem in state.warnings:
        click.echo(f"warning: {problem.format()}")
    for entry in state.stale:
        click.echo(f"warning: {entry.file}:{entry.line}: finding '{entry.review.finding}' is no longer made "
                   "(its quotes or the event changed) — remove this review")
    mark = "⚠" if state.unreviewed or state.stale or state.warnings else "✓"
    click.echo(f"{mark} {state.summary()}.")


def _echo_facts(loaded) -> None:
    """Facts of actors, places, operations and terms neither quoted nor marked background."""
    from builder.review.reviews import unsourced_facts

    counts, warnings = unsourced_facts(loaded)
    for problem in warnings:
        click.echo(f"warning: {problem.format()}")
    mark = "⚠" if warnings else "✓"
    click.echo(f"{mark} facts beyond events: {counts['quoted']} quoted, {counts['background']} background "
               f"(with a reference), {counts['unmarked']} unmarked.")


@main.command()
@CONFIG_OPTION
@SOURCES_OPTION
@click.option("--all", "show_all", is_flag=True, help="List reviewed findings too, with their decision.")
def review(config_file, sources, show_all) -> None:
    """List the findings on the quotes still to review, each with an entry for sources/reviews.yaml.

    A finding is where sources disagree with each other or with what an event records. Decide
    each once: `recorded` (the event's claims or figures give each source's value, and the
    Disagreements page shows it) or `dismissed` with a reason. Editors' work: never on the site.
    """
    from builder.load.reader import load_sources
    from builder.load.validate import validate as run_validation
    from builder.review.reviews import review_sources, review_stub

    settings = read_settings(config_file, sources)
    loaded = load_sources(settings.sources, settings.project)
    problems, _ = run_validation(loaded)
    state, review_problems = (None, []) if problems else review_sources(loaded, settings.project)
    if problems or review_problems:
        _fail(BriefingError(problems or review_problems))
    for finding in state.findings:
        entry = state.decided.get(finding.id)
        if entry is None:
            click.echo(finding.format())
            click.echo(review_stub(finding).rstrip())
        elif show_all:
            reason = f": {printable(entry.review.reason)}" if entry.review.reason else ""
            click.echo(f"{finding.format()}\n  → {entry.review.decision} ({entry.file}:{entry.line}){reason}")
        else:
            continue
        click.echo("")
    click.echo(f"{state.summary()}.")


@main.command()
@CONFIG_OPTION
@click.option("--site-dir", "-d", type=click.Path(file_okay=False), default=None,
              help="Where to publish the site (default: site/ next to mkdocs.yml).")
@click.option("--strict/--no-strict", default=True, show_default=True, help="Fail on any MkDocs warning.")
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' progress messages too.")
def build(config_file, site_dir, strict, verbose) -> None:
    """Validate, render and build the site; replace the published site only if all succeeds."""
    silenced = bool(os.environ.get("NO_MKDOCS_2_WARNING"))
    from builder.site.publish import publish_site

    _show_mkdocs_messages(verbose)
    settings = read_settings(config_file)
    warning = site_url_warning(settings)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    target = Path(site_dir) if site_dir else settings.project / "site"
    try:
        stats = publish_site(settings, target, strict=strict, echo=lambda m: click.echo(m, err=True))
    except BriefingError as error:
        _fail(error)
    except Exception as error:  # noqa: BLE001 — MkDocs aborts with assorted types; old site untouched
        click.echo(f"✗ build failed: {printable(str(error))}\n  The previous site in {target} was left untouched.",
                   err=True)
        sys.exit(1)
    click.echo(f"✓ site built in {stats['seconds']:.1f} s: {stats['pages']} pages → {target}")
    _engine_notice(silenced)


@main.command()
@CONFIG_OPTION
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True)
def serve(config_file, dev_addr) -> None:
    """Preview the site with live reload: edits to sources/ show in the browser.

    Rebuilds are dirty (`mkdocs serve --dirty`): only pages whose Markdown changed are rendered
    again, which the slim navigation makes safe; the search index catches up in the background.
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    _engine_notice(bool(os.environ.get("NO_MKDOCS_2_WARNING")))
    _show_mkdocs_messages(verbose=True)
    logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())
    mkdocs_serve(config_file=config_file, dev_addr=dev_addr, livereload=True, build_type="dirty")


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty rebuild that the navigation may be stale; with a slim nav of
    section pages it is not (builder/site/page_store.py), and the warning would hide real ones."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


@main.command()
@CONFIG_OPTION
@SOURCES_OPTION
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False), help="Folder for the pages.")
def render(config_file, sources, out) -> None:
    """Write the generated Markdown pages to a folder, for inspection."""
    from builder.pages.plan import render_pages

    settings, built = _built(config_file, sources)
    with _record_failures():
        _write_all(out, render_pages(built.briefing, settings))


@main.command()
@CONFIG_OPTION
@SOURCES_OPTION
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False), help="Folder for the files.")
def export(config_file, sources, out) -> None:
    """Write the data exports (JSON, CSV, GeoJSON, iCalendar, feed, STIX) to a folder."""
    from builder.data.export import export_files

    settings, built = _built(config_file, sources)
    with _record_failures():
        _write_all(out, export_files(built.briefing, settings), list_each=True)


@main.command()
@CONFIG_OPTION
@click.option("--out", "-o", default=None, type=click.Path(file_okay=False),
              help="Where to write them (default: schema/ next to mkdocs.yml).")
def schema(config_file, out) -> None:
    """Regenerate the JSON Schemas in schema/ from the model and the project's vocabulary (for
    editors' autocomplete); run it after upgrading the tool or adding event types."""
    from builder.model.schema import write_schemas

    settings = read_settings(config_file)
    for path in write_schemas(Path(out) if out else settings.project / "schema", settings.vocabulary):
        click.echo(f"  {path}")


# Authoring commands live in builder/authoring/commands.py; registered here so `briefing --help` lists them.
try:
    from builder.authoring.commands import register as _register_authoring
except ImportError:  # pragma: no cover - during development only
    _register_authoring = None
if _register_authoring is not None:
    _register_authoring(main)


if __name__ == "__main__":
    main()
