"""Where things are: the project folder, its sources/ and the briefing's settings in mkdocs.yml.

mkdocs.yml is read here, once; the rest of the builder asks Settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


class _ConfigSafeLoader(yaml.SafeLoader):
    """mkdocs.yml may carry MkDocs' !ENV / !relative tags; the builder only needs plain values."""


_ConfigSafeLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Settings:
    project: Path  # the folder holding mkdocs.yml
    sources: Path
    title: str
    site_url: str  # ends with '/'; used for permanent links in citations and feeds
    site_name: str
    description: str = ""
    use_directory_urls: bool = True
    map_tiles: object = None  # extra.briefing.map_tiles: an opt-in online basemap ({url, attribution})

    @property
    def config_file(self) -> Path:
        return self.project / "mkdocs.yml"


def read_settings(config_file: Path | str = "mkdocs.yml", sources: Path | str | None = None) -> Settings:
    config_file = Path(config_file)
    project = config_file.resolve().parent
    config = {}
    if config_file.exists():
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigSafeLoader) or {}
    briefing = ((config.get("extra") or {}).get("briefing") or {})
    site_url = config.get("site_url") or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    source_dir = Path(sources) if sources else project / briefing.get("sources", "sources")
    return Settings(
        project=project,
        sources=source_dir,
        title=briefing.get("title") or config.get("site_name") or "Briefing",
        site_url=site_url,
        site_name=config.get("site_name") or "Briefing",
        description=str(config.get("site_description") or ""),
        use_directory_urls=bool(config.get("use_directory_urls", True)),
        map_tiles=briefing.get("map_tiles"),
    )


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
