"""Where things are: the project folder, its sources/ and the briefing's settings in mkdocs.yml.

mkdocs.yml is read here, once; the rest of the builder asks Settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from builder.model.vocabulary import FIELDS, Vocabulary
from builder.problems import BriefingError, Problem


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
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # event types, roles, actor kinds (+ the project's)

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
        vocabulary=_vocabulary(briefing, config_file),
    )


def _vocabulary(briefing: dict, config_file: Path) -> Vocabulary:
    """The project's extra event types, roles and actor kinds, added to the defaults."""
    try:
        return Vocabulary.with_extra(**{field: briefing.get(field) for field in FIELDS})
    except (ValueError, TypeError) as error:
        raise BriefingError([Problem(config_file.name, 1, 1, f"briefing settings: {error}")]) from None
