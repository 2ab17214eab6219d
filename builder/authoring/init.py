"""`briefing init DIR`: a new briefing project, ready to preview, check and publish.

The project's files are templates in ``builder/authoring/templates/init/`` (a path part
``dot-x`` becomes ``.x``; ``DOCUMENT`` and ``EVENT`` in a file name become the example's ids).
The JSON Schemas editors' tools read are written from the installed model (``schema/``), so
they match the version of the tool that made the project.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click
import jinja2

from builder.model.countries import Countries
from builder.model.slugs import slug

TEMPLATES = Path(__file__).resolve().parent / "templates" / "init"

# The GitHub Actions the generated workflows use: each pinned to the full commit of a release
# (a tag can be moved; a commit cannot), with the release in a comment for people and Dependabot.
ACTIONS = {
    "checkout": ("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "setup_python": ("actions/setup-python", "5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "upload_pages_artifact": ("actions/upload-pages-artifact", "fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "deploy_pages": ("actions/deploy-pages", "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
}
CHECK_JSONSCHEMA_REV = "0.39.0"  # pre-commit hook release, as pinned in this repository


@dataclass(frozen=True)
class Region:
    """The country a briefing covers: its place record and where the map centres it."""

    id: str
    name: str
    lat: float
    lon: float


class InitError(Exception):
    """What is wrong with the request, in words for the person who typed it."""


# A title is one line of plain text: the theme shows the site's name as HTML in places (Material's
# templates do not escape it), and a line break would end the README's heading.
_TITLE_REFUSED = re.compile("[<>\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What Markdown reads as markup inside a line (escaped with a backslash), and at its start.
# (& as an entity: Python-Markdown, which builds the site, does not take a backslash before &)
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]{}!])")
_MARKDOWN_START = re.compile(r"^(?:([#>+-])|(\d+)([.)]))")


def check_title(title: str) -> str:
    """*title*, or InitError saying what it may not hold."""
    found = _TITLE_REFUSED.search(title)
    if not title.strip() or found:
        what = "is empty" if found is None else f"holds {found.group()!r}"
        raise InitError(f"--title {what}: write the briefing's name on one line, without < or > "
                        "(the site shows it in its header and tab)")
    return title


def markdown_text(text: str) -> str:
    """*text* (one line) as Markdown that shows exactly that text: no markup, heading or HTML."""
    text = _MARKDOWN_INLINE.sub(r"\\\1", text.replace("&", "&amp;"))
    return _MARKDOWN_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def material_languages() -> list[str]:
    """The interface languages the theme (Material for MkDocs) is translated into."""
    import material

    folder = Path(material.__file__).resolve().parent / "templates" / "partials" / "languages"
    return sorted(p.stem for p in folder.glob("*.html"))


def find_region(name: str | None) -> Region | None:
    if not name:
        return None
    country = Countries().find(name)
    if country is None or country.label is None:
        raise InitError(f"--region {name!r}: no country of that name or code is known "
                        "(try its English name, e.g. \"Georgia\", or its two-letter code, e.g. GE)")
    lat, lon = country.label
    return Region(id=slug(country.name) or country.alpha_2.lower(), name=country.name, lat=lat, lon=lon)


def project_files(title: str, language: str, region: Region | None, today: date) -> dict[str, str]:
    """Path in the new project → text, for every templated file."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             autoescape=False)
    env.filters["markdown_text"] = markdown_text
    document_id = "example-how-this-briefing-began"
    values = {
        "title": title, "language": language, "region": region, "today": today.isoformat(),
        "today_text": f"{today.day} {today:%B %Y}", "document_id": document_id,
        "event_id": f"{today.isoformat()}-the-editors-start-this-briefing",
        # (Material writes the description into an attribute unescaped: no straight double quote)
        "description": f"A sourced briefing: {title.replace(chr(34), chr(0x201D))}. Every fact quotes its "
                       "source document.",
        "version": _tool_version(), "check_jsonschema_rev": CHECK_JSONSCHEMA_REV,
        "actions": {key: {"name": name, "sha": sha, "version": tag} for key, (name, sha, tag) in ACTIONS.items()},
    }
    files = {}
    for template in sorted(TEMPLATES.rglob("*.j2")):
        relative = template.relative_to(TEMPLATES).as_posix()
        target = "/".join(part.replace("dot-", ".", 1) if part.startswith("dot-") else part
                          for part in relative.removesuffix(".j2").split("/"))
        if target == "gitignore":
            target = ".gitignore"
        target = target.replace("DOCUMENT", document_id).replace("EVENT", values["event_id"])
        files[target] = env.get_template(relative).render(values)
    return files


def _tool_version() -> str:
    try:
        return version("briefing-site")
    except PackageNotFoundError:  # pragma: no cover - a checkout run without installing
        return "0.1.0"


def create_project(folder: Path, title: str, language: str, region_name: str | None,
                   today: date | None = None) -> list[Path]:
    """Write a new project into *folder*; nothing is written if any of its files exists already."""
    from builder.model.schema import schemas

    if language not in material_languages():
        raise InitError(f"--language {language!r} is not one the site's theme is translated into; "
                        f"choose one of: {', '.join(material_languages())}")
    files = project_files(check_title(title), language, find_region(region_name), today or date.today())
    for name, schema in schemas().items():
        files[f"schema/{name}"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    existing = sorted(name for name in files if (folder / name).exists())
    if existing:
        raise InitError(f"{folder} already has {', '.join(existing)}: briefing init never overwrites a file. "
                        "Choose a new folder name, or move those files away first.")
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", required=True,
              help='The briefing\'s name, shown at the top of every page, e.g. "Floods in Mozambique, 2026".')
@click.option("--language", default="en", show_default=True,
              help="Language of the site's menus and buttons, as a short code: en, fr, pt, ka (Georgian), ar …")
@click.option("--region", metavar="COUNTRY",
              help="The country the briefing covers, e.g. Georgia or MZ: it becomes the first place, "
                   "and the map starts there.")
def init(folder: Path, title: str, language: str, region: str | None) -> None:
    """Start a new briefing in a new folder FOLDER.

    \b
    It contains everything a briefing needs:
      sources/      where you write: one example document and one example event
      docs/         pages you write yourself (an "About" page to fill in)
      mkdocs.yml    the site's settings (title, language, menu)
      README.md     how to edit, check and publish, for everyone on the team
    and, for working on GitHub and in an editor: checks that run on every pull request, publication
    to GitHub Pages when changes reach the main branch, and field completion in Visual Studio Code.

    It never overwrites a file: if one of them is already there, nothing is written.

    \b
    Example:
      briefing init mozambique-floods --title "Floods in Mozambique, 2026" --region Mozambique --language pt
      cd mozambique-floods
      briefing serve          (then open http://127.0.0.1:8000)
    """
    try:
        written = create_project(folder, title, language, region)
    except InitError as error:
        click.echo(f"✗ {error}", err=True)
        raise SystemExit(1) from None
    click.echo(f"✓ new briefing in {folder}/ ({len(written)} files)")
    click.echo("  Next:")
    click.echo(f"    cd {folder}")
    click.echo("    briefing serve        preview at http://127.0.0.1:8000 while you edit sources/")
    click.echo("    briefing validate     check every quote, date and reference")
    click.echo("  README.md explains how to publish it with GitHub Pages.")
