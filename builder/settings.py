"""Where things are and what the site is called: the `briefing` plugin's options in mkdocs.yml.

The options are declared once (BriefingOptions). MkDocs checks them when it loads the plugin; the
CLI commands that run without MkDocs (validate, render, export…) check them the same way here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c

from builder.model.records import SLUG_PATTERN
from builder.model.vocabulary import Vocabulary
from builder.problems import BriefingError, Problem

PLUGIN = "briefing"  # the plugin's name in mkdocs.yml (entry point in pyproject.toml)


class MapTiles(base.Config):
    """An opt-in online basemap: readers' browsers then ask this server for tiles."""

    url = c.Type(str)
    attribution = c.Type(str, default="")


class _OptionalMapTiles(c.SubConfig[MapTiles]):
    """map_tiles may be left out or set to null (then its value is None)."""

    def __init__(self):
        super().__init__(validate=True)
        self.default = None

    def run_validation(self, value):
        return None if value is None else super().run_validation(value)


class _Word(c.Type):
    """A word of a vocabulary: lowercase letters, digits and single hyphens ('flooding')."""

    def __init__(self):
        super().__init__(str)

    def run_validation(self, value):
        value = super().run_validation(value)
        if not re.fullmatch(SLUG_PATTERN, value):
            raise c.ValidationError(f"'{value}' is not a word of lowercase letters, digits and hyphens "
                                    "(e.g. 'flooding', 'relief-agency')")
        return value


class _SitePath(c.Type):
    """Where the briefing lives in a larger site: '' (the site's root) or a folder like 'briefing/'."""

    def __init__(self):
        super().__init__(str, default="")

    def run_validation(self, value):
        value = super().run_validation(value).strip().strip("/")
        if value and not all(re.fullmatch(SLUG_PATTERN, part) for part in value.split("/")):
            raise c.ValidationError(f"'{value}' is not a folder of the site like 'briefing' or 'news/floods' "
                                    "(lowercase letters, digits and hyphens)")
        return value + "/" if value else ""


class _ProjectFolder(c.Type):
    """A folder inside the project, relative to mkdocs.yml ('sources'): a pull request changing
    mkdocs.yml must not make CI read, and print names and values of, files outside the checkout."""

    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value):
        value = super().run_validation(value)
        parts = Path(value).parts
        if not value.strip() or Path(value).is_absolute() or ".." in parts or "\\" in value:
            raise c.ValidationError(f"'{value}' is not a folder inside the project (a relative path "
                                    "like 'sources', without '..')")
        return value


class BriefingOptions(base.Config):
    """`plugins: [briefing: {...}]` in mkdocs.yml. An unknown option is an error."""

    title = c.Optional(c.Type(str))  # citations, feeds and exports; default: site_name
    sources = _ProjectFolder(default="sources")  # relative to mkdocs.yml, inside the project
    map_tiles = _OptionalMapTiles()
    # Where the briefing's pages and data go in an existing site ('briefing/'); default: its root.
    path = _SitePath()
    # Words added to the default vocabulary (builder/model/vocabulary.py), e.g. event_types: [flooding]
    event_types = c.ListOfItems(_Word(), default=[])
    roles = c.ListOfItems(_Word(), default=[])
    actor_kinds = c.ListOfItems(_Word(), default=[])
    # What a document's page shows around each quoted passage (builder/pages/passages.py).
    quote_context = c.Choice(("context", "full", "none"), default="context")


def check_options(options: BriefingOptions, raw: dict, config_file: str) -> list[str]:
    """Load raw options into *options*; every problem as a message (unknown names included)."""
    options.load_dict(raw)
    errors, warnings = options.validate()
    messages = [f"'{name}': {error}" for name, error in errors]
    # MkDocs only warns about a name it does not know; a misspelt setting must not pass silently.
    messages += [f"'{name}': {warning}" for name, warning in warnings]
    return [f"{config_file}: plugin '{PLUGIN}', option {message}" for message in messages]


class _ConfigSafeLoader(yaml.SafeLoader):
    """mkdocs.yml may carry MkDocs' !ENV / !relative tags; the builder only needs plain values."""


_ConfigSafeLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Settings:
    project: Path  # the folder holding mkdocs.yml
    sources: Path
    title: str
    site_url: str  # the briefing's address, ends with '/' (site_url + path); permanent links in citations, feeds
    site_name: str
    description: str = ""
    use_directory_urls: bool = True
    map_tiles: dict | None = None  # {url, attribution}: an opt-in online basemap
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # event types, roles, actor kinds (+ the project's)
    path: str = ""  # the briefing's folder in the site ('briefing/'), '' at the site's root; site_url includes it
    quote_context: str = "context"  # context | full | none: what a document's page shows of it

    @property
    def config_file(self) -> Path:
        return self.project / "mkdocs.yml"


def make_settings(project: Path, site: dict, options: BriefingOptions, sources: Path | str | None = None) -> Settings:
    """Settings from mkdocs.yml's site-wide values (*site*) and the plugin's checked *options*."""
    site_url = site.get("site_url") or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    tiles = options.map_tiles
    return Settings(
        project=project,
        sources=Path(sources) if sources else project / options.sources,
        title=options.title or site.get("site_name") or "Briefing",
        site_url=site_url + options.path if site_url else "",
        site_name=site.get("site_name") or "Briefing",
        description=str(site.get("site_description") or ""),
        use_directory_urls=bool(site.get("use_directory_urls", True)),
        map_tiles={"url": tiles.url, "attribution": tiles.attribution} if tiles else None,
        vocabulary=Vocabulary.with_extra(event_types=options.event_types, roles=options.roles,
                                         actor_kinds=options.actor_kinds),
        path=options.path,
        quote_context=options.quote_context,
    )


def plugin_options(config: dict) -> dict:
    """The `briefing` plugin's raw options in a loaded mkdocs.yml ({} when it has none)."""
    plugins = config.get("plugins") or []
    items = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins)
    for name, raw in items:
        if name == PLUGIN:
            return raw or {}
    return {}


def read_settings(config_file: Path | str = "mkdocs.yml", sources: Path | str | None = None) -> Settings:
    """Settings for the CLI commands that run without MkDocs; BriefingError on a bad option."""
    config_file = Path(config_file)
    config = {}
    if config_file.exists():
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigSafeLoader) or {}
    options = BriefingOptions()
    problems = check_options(options, plugin_options(config), config_file.name)
    if problems:
        raise BriefingError([Problem(config_file.name, 1, 1, message, "see docs/guide/index.md for the options")
                             for message in problems])
    return make_settings(config_file.resolve().parent, config, options, sources)


# Hosts reserved for examples (RFC 2606): a site_url on one of them was never set.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")


def placeholder_site_url(site_url: str) -> bool:
    """True when *site_url* is still on a placeholder host (example.org …)."""
    from urllib.parse import urlsplit

    host = (urlsplit(site_url or "").hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS)


def site_url_warning(settings: Settings) -> str | None:
    """What to tell the editor when permanent links would point nowhere (None when site_url is set)."""
    if settings.site_url and not placeholder_site_url(settings.site_url):
        return None
    shown = settings.site_url or "(not set)"
    return (f"{settings.config_file}: site_url is {shown}, a placeholder: citations show no permanent "
            "link until you set site_url to the address the site is published at")
