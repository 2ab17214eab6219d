"""Benchmark: build synthetic briefings of N events the way a user does, and print what it costs.

    python -m bench --events 1000 5000 10000 --json bench/results.json

For each N: generate the corpus (bench/generate.py), time the builder's stages in-process, run
`mkdocs build` in a fresh process (wall time and peak memory, Pagefind's indexer included),
measure the site (pages, size, largest page), the bytes a reader downloads for a first search,
and the time from editing one event to the rebuilt site as `mkdocs serve` does it.
Numbers are printed and written as JSON; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in a child process: one MkDocs build, reporting wall time and peak RSS (children included).
_BUILD_CHILD = r"""
import json, resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, site_dir = sys.argv[1], sys.argv[2]
started = time.perf_counter()
build(load_config(config_file, site_dir=site_dir, strict=False))
seconds = time.perf_counter() - started
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": seconds, "peak_rss_mb": rss / 1024}))
"""

# Runs in a child process: a warm build, then one event edited and the site rebuilt, as serve does.
_EDIT_CHILD = r"""
import json, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from builder.pipeline import build_briefing
from builder.render import render_pages
from builder.settings import read_settings
config_file, site_dir, event_file = sys.argv[1], sys.argv[2], Path(sys.argv[3])
build(load_config(config_file, site_dir=site_dir, strict=False))  # warm: what serve did at start
text = event_file.read_text(encoding="utf-8")
event_file.write_text(text.replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
started = time.perf_counter()
settings = read_settings(config_file)
built = build_briefing(settings.sources, settings.title, settings.project)
pages = render_pages(built.briefing, settings)
builder_seconds = time.perf_counter() - started
started = time.perf_counter()
build(load_config(config_file, site_dir=site_dir, strict=False))
print(json.dumps({"edit_builder_s": builder_seconds, "edit_s": time.perf_counter() - started}))
"""


def _child(script: str, *args: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _builder_stages(project: Path) -> dict:
    """The builder's own work, stage by stage, in this (cold) process."""
    from builder.pipeline import build_briefing
    from builder.render import render_pages
    from builder.settings import read_settings

    settings = read_settings(project / "mkdocs.yml")
    started = time.perf_counter()
    built = build_briefing(settings.sources, settings.title, settings.project)
    stages = {name: round(value, 3) for name, value in built.timings.items()}
    started = time.perf_counter()
    pages = render_pages(built.briefing, settings)
    stages["render"] = round(time.perf_counter() - started, 3)
    try:
        from builder.export import export_files

        started = time.perf_counter()
        export_files(built.briefing, settings)
        stages["export"] = round(time.perf_counter() - started, 3)
    except ImportError:
        pass
    return {"stages": stages, "builder_s": round(sum(stages.values()), 3), "pages_rendered": len(pages)}


def _site_stats(site: Path) -> dict:
    html = list(site.rglob("*.html"))
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    largest = max(html, key=lambda f: f.stat().st_size)
    return {"pages": len(html), "site_mb": round(total / 1e6, 1),
            "largest_page_kb": round(largest.stat().st_size / 1024, 1),
            "largest_page": largest.relative_to(site).as_posix()}


def _search_cost(site: Path) -> float | None:
    try:
        from bench.search_cost import first_query_bytes
    except ImportError:
        return None
    try:
        return round(first_query_bytes(site, "Daesh") / 1024, 1)
    except Exception as error:  # a missing browser must not hide the other numbers
        print(f"  (search cost not measured: {error})", file=sys.stderr)
        return None


def run_one(events: int, work: Path, seed: int) -> dict:
    from bench.generate import generate

    project = work / f"briefing-{events}"
    shutil.rmtree(project, ignore_errors=True)
    started = time.perf_counter()
    generate(events, project, seed=seed)
    generated = time.perf_counter() - started
    print(f"[{events}] corpus generated in {generated:.1f} s", file=sys.stderr)
    result: dict = {"events": events, "generate_s": round(generated, 2)}
    result.update(_builder_stages(project))
    print(f"[{events}] builder {result['builder_s']:.2f} s {result['stages']}", file=sys.stderr)
    site = project / "site"
    build = _child(_BUILD_CHILD, str(project / "mkdocs.yml"), str(site))
    result["mkdocs_s"] = round(build["seconds"], 2)
    result["peak_rss_mb"] = round(build["peak_rss_mb"], 1)
    result["builder_share"] = round(result["builder_s"] / build["seconds"], 3)
    result.update(_site_stats(site))
    result["seconds_per_event_ms"] = round(1000 * build["seconds"] / events, 2)
    print(f"[{events}] mkdocs build {result['mkdocs_s']} s, {result['peak_rss_mb']} MB peak", file=sys.stderr)
    result["search_first_query_kb"] = _search_cost(site)
    event_file = sorted((project / "sources" / "events").glob("*.yaml"))[events // 2]
    result.update({k: round(v, 3) for k, v in
                   _child(_EDIT_CHILD, str(project / "mkdocs.yml"), str(site), str(event_file)).items()})
    print(f"[{events}] edit → rebuilt: builder {result['edit_builder_s']} s, whole {result['edit_s']} s",
          file=sys.stderr)
    return result


COLUMNS = ["events", "pages", "builder_s", "mkdocs_s", "builder_share", "seconds_per_event_ms", "peak_rss_mb",
           "site_mb", "largest_page_kb", "search_first_query_kb", "edit_builder_s", "edit_s"]


def table(results: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in results:
        lines.append("| " + " | ".join(str(row.get(c, "")) for c in COLUMNS) + " |")
    return "\n".join(lines)


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.platform()}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--json", type=Path, help="write the results as a JSON list here")
    parser.add_argument("--work", type=Path, help="where to generate corpora (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and sites")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    results = []
    try:
        for events in args.events:
            results.append(run_one(events, work, args.seed))
            if not args.keep:
                shutil.rmtree(work / f"briefing-{events}", ignore_errors=True)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Machine: {machine()}")
    print(table(results))
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"time per event, {last['events']} vs {first['events']}: "
              f"{last['seconds_per_event_ms'] / first['seconds_per_event_ms']:.2f}x; largest page: "
              f"{last['largest_page_kb'] / first['largest_page_kb']:.2f}x")
    if args.json:
        stamp = {"date": time.strftime("%Y-%m-%d"), "machine": machine()}
        args.json.write_text(json.dumps([{**row, **stamp} for row in results], indent=2) + "\n")


if __name__ == "__main__":
    main()
