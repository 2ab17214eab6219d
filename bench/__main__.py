"""Benchmark: build synthetic briefings of N events the way a user does, and print what it costs.

    python -m bench --events 1000 5000 10000 --json bench/results.json

For each N: generate the corpus (bench/generate.py), run `mkdocs build` in a fresh process (wall
and CPU time, peak memory with Pagefind's indexer included, and the builder's stages timed inside
that build), measure the site (pages, size, largest page), the bytes a reader downloads for a first
search, a second build with the parse cache the first left (what CI's `briefing build` after
`briefing validate` costs), and the time from editing one event to the rebuilt site as `mkdocs
serve` does it (and as `mkdocs serve --dirty` does it). Numbers are printed and written as JSON; nothing here asserts a
time. The machine's load average is recorded before and after each size: on a shared machine read
the CPU columns.
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

# Both children time the builder's stages *inside* the MkDocs build, by wrapping the functions the
# plugin calls (it imports them at call time, or at plugin import, which happens after the wrapping):
# build (pipeline.build_site: the whole builder in a one-off build) and rebuild (Rebuilder.build: the
# whole builder in `briefing serve`), and within them load / validate / link, render (plan_pages +
# Renderer.render), fingerprint (incremental.Fingerprints.of), map (map_files), export (export_files
# + data_page); abbr (on_page_markdown's abbreviations_for, MkDocs' page loop) and search (Pagefind's
# index_site, which is not the builder's). Before the redesign there was no build/rebuild total and
# workers did part of the work (wait, worker CPU). Wall and CPU seconds both: this machine is shared,
# CPU time is steadier.
_TIMERS = r"""
import importlib, json, os, resource, sys, time
T = {}
def timed(module, name, key):
    mod = importlib.import_module(module)
    if "." in name:  # a method: Class.method
        owner, name = name.split(".")
        mod = getattr(mod, owner)
    original = getattr(mod, name)
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            t = T.setdefault(key, [0.0, 0.0, 0])
            t[0] += time.perf_counter() - wall; t[1] += time.process_time() - cpu; t[2] += 1
    setattr(mod, name, wrapper)
for module, name, key in [("builder.pipeline", "load_sources", "load"), ("builder.pipeline", "validate", "validate"),
                          ("builder.pipeline", "link", "link"), ("builder.pages.plan", "plan_pages", "render"),
                          ("builder.pages.plan", "Renderer.render", "render"),
                          ("builder.pages.explore", "map_files", "map"), ("builder.data.export", "export_files", "export"),
                          ("builder.data.export", "data_page", "export"), ("builder.pages.render", "abbreviations_for", "abbr"),
                          ("builder.site.search_index", "index_site", "search"),
                          ("builder.site.incremental", "load_sources", "load"),
                          ("builder.site.incremental", "Fingerprints.of", "fingerprint"),
                          ("builder.pipeline", "build_site", "build"), ("builder.site.incremental", "Rebuilder.build", "rebuild")]:
    try:
        timed(module, name, key)
    except (ImportError, AttributeError):
        pass
BUILDER = ("load", "validate", "link", "render", "map", "export", "wait")
TOTALS = ("rebuild", "build")  # the whole builder, where one call does it all (stages are inside it)
def builder_wall(timed):
    total = next((timed[k] for k in TOTALS if k in timed), None)
    return total["wall"] if total else sum(v["wall"] for k, v in timed.items() if k in BUILDER)
def stages():
    out = {k: {"wall": round(v[0], 3), "cpu": round(v[1], 3), "calls": v[2]} for k, v in T.items()}
    T.clear()
    return out
def cpu_seconds():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime
from mkdocs.commands.build import build
from mkdocs.config import load_config
"""

# One cold `mkdocs build` (what `briefing build` and CI do): wall, CPU, peak RSS, stage breakdown.
_BUILD_CHILD = _TIMERS + r"""
config_file, site_dir = sys.argv[1], sys.argv[2]
started, cpu0 = time.perf_counter(), cpu_seconds()
config = load_config(config_file, site_dir=site_dir, strict=False)
build(config)
seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu0
ahead = workers = None  # (no worker processes since the redesign)
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child: Pagefind
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_rss_mb": max(own, children), "rss_mkdocs_mb": own,
                  "rss_pagefind_mb": children, "stages": stages(), "ahead": ahead,
                  "worker_cpu_s": workers}))
"""

# `mkdocs serve` in one process: the startup event and a first build, then one event edited and the
# site rebuilt the way serve rebuilds (config loaded again, hooks re-imported, builder modules and
# their caches kept). argv[4] is "dirty" for `mkdocs serve --dirty` (what `briefing serve` runs: only
# pages whose Markdown changed are rebuilt), "full" for plain `mkdocs serve`. While serving, the
# search index is rebuilt in the background: `edit_search_s` is when it has caught up.
_EDIT_CHILD = _TIMERS + r"""
from pathlib import Path
config_file, site_dir, event_file, mode = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4]
dirty = mode == "dirty"
config = load_config(config_file, site_dir=site_dir, strict=False)
config.plugins.on_startup(command="serve", dirty=dirty)
build(config, dirty=dirty)  # serve's first build
hook = config.plugins["briefing"]
hook.wait_for_search_index()  # so the first index does not overlap the edit
stages()
original = event_file.read_text(encoding="utf-8")
def edit_and_rebuild(words):
    import re
    edited = re.sub(r"^(summary: (?:>-?\n +|\"|')?)", r"\1" + words, original, count=1, flags=re.M)
    assert edited != original, "no summary to edit"
    event_file.write_text(edited, encoding="utf-8")
    started = time.perf_counter()
    build(load_config(config_file, site_dir=site_dir, strict=False), dirty=dirty)
    whole = time.perf_counter() - started
    hook.wait_for_search_index()
    search = time.perf_counter() - started
    timed = stages()
    return whole, search, timed, builder_wall(timed)
try:
    whole, search, timed_stages, builder_s = edit_and_rebuild("Edited. ")
    # A second edit: the first rebuild of a server also does one-off work (it freezes what the
    # first build left out of the garbage collector's sight); later saves cost what this one does.
    again, _, again_stages, again_builder_s = edit_and_rebuild("Edited again. ")
finally:
    event_file.write_text(original, encoding="utf-8")
    config.plugins.on_shutdown()
print(json.dumps({"edit_builder_s": builder_s, "edit_s": whole, "edit_search_s": search, "edit_stages": timed_stages,
                  "edit_again_builder_s": again_builder_s, "edit_again_s": again, "edit_again_stages": again_stages}))
"""


def _child(script: str, *args: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-c", script, *args], check=False, capture_output=True, text=True, env=env,
                          cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


BUILDER_STAGES = ("load", "validate", "link", "render", "map", "export", "wait")


def _builder_numbers(build: dict) -> tuple[float, float, float]:
    """(builder wall seconds on the build's critical path, builder CPU seconds with the worker's,
    the worker's CPU seconds)."""
    stages = build["stages"]
    worker = sum((build.get("worker_cpu_s") or {}).values())
    total = next((stages[k] for k in ("rebuild", "build") if k in stages), None)
    if total is not None:  # since the redesign: one call, no workers
        return round(total["wall"], 2), round(total["cpu"], 2), round(worker, 2)
    wall = sum(stages[k]["wall"] for k in BUILDER_STAGES if k in stages)
    cpu = sum(stages[k]["cpu"] for k in BUILDER_STAGES if k in stages) + worker
    return round(wall, 2), round(cpu, 2), round(worker, 2)


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
    except Exception as error:  # noqa: BLE001 - a missing browser must not hide the other numbers
        print(f"  (search cost not measured: {error})", file=sys.stderr)
        return None


def run_one(events: int, work: Path, seed: int, edit: str = "both") -> dict:
    from bench.generate import generate

    project = work / f"briefing-{events}"
    result: dict = {"events": events, "loadavg_before": round(os.getloadavg()[0], 1)}
    if not (project / "sources" / "events").is_dir():
        shutil.rmtree(project, ignore_errors=True)
        started = time.perf_counter()
        generate(events, project, seed=seed)
        result["generate_s"] = round(time.perf_counter() - started, 2)
        print(f"[{events}] corpus generated in {result['generate_s']:.1f} s", file=sys.stderr)
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)  # a cold build: nothing parsed before
    build = _child(_BUILD_CHILD, str(project / "mkdocs.yml"), str(site))
    result["stages"] = build["stages"]
    result["ahead"] = build.get("ahead")
    result["worker_cpu_stages"] = build.get("worker_cpu_s")
    result["builder_s"], result["builder_cpu_s"], result["worker_cpu_s"] = _builder_numbers(build)
    result["mkdocs_s"] = round(build["seconds"], 2)
    result["mkdocs_cpu_s"] = round(build["cpu"], 2)
    result["peak_rss_mb"] = round(build["peak_rss_mb"], 1)
    result["rss_mkdocs_mb"] = round(build.get("rss_mkdocs_mb", 0), 1)
    result["rss_pagefind_mb"] = round(build.get("rss_pagefind_mb", 0), 1)
    result["builder_share"] = round(result["builder_s"] / build["seconds"], 3)
    result["builder_cpu_share"] = round(result["builder_cpu_s"] / build["cpu"], 3)
    result.update(_site_stats(site))
    result["ms_per_event"] = round(1000 * build["seconds"] / events, 2)
    result["cpu_ms_per_event"] = round(1000 * build["cpu"] / events, 2)
    print(f"[{events}] mkdocs build {result['mkdocs_s']} s ({result['mkdocs_cpu_s']} s CPU), builder "
          f"{result['builder_s']} s ({result['builder_cpu_s']} s CPU), {result['peak_rss_mb']} MB peak",
          file=sys.stderr)
    result["search_first_query_kb"] = _search_cost(site)
    # A second build, with the parse cache the first left (.cache/briefing): what CI's `briefing
    # build` after `briefing validate`, or its next run with the cache restored, costs.
    again = _child(_BUILD_CHILD, str(project / "mkdocs.yml"), str(project / "site-again"))
    shutil.rmtree(project / "site-again", ignore_errors=True)
    result["cached_stages"] = again["stages"]
    result["builder_cached_s"], result["builder_cached_cpu_s"], _ = _builder_numbers(again)
    result["mkdocs_cached_s"], result["mkdocs_cached_cpu_s"] = round(again["seconds"], 2), round(again["cpu"], 2)
    result["builder_cached_share"] = round(result["builder_cached_s"] / again["seconds"], 3)
    result["builder_cached_cpu_share"] = round(result["builder_cached_cpu_s"] / again["cpu"], 3)
    print(f"[{events}] second build, parse cache warm: {result['mkdocs_cached_s']} s, builder "
          f"{result['builder_cached_s']} s ({result['builder_cached_cpu_s']} s CPU)", file=sys.stderr)
    if edit:
        event_file = sorted((project / "sources" / "events").glob("*.yaml"))[events // 2]
        modes = (("full", ""), ("dirty", "_dirty")) if edit == "both" else (("dirty", "_dirty"),)
        for mode, suffix in modes:
            edited = _child(_EDIT_CHILD, str(project / "mkdocs.yml"), str(site), str(event_file), mode)
            result[f"edit_builder{suffix}_s"] = round(edited["edit_builder_s"], 3)
            result[f"edit{suffix}_s"] = round(edited["edit_s"], 3)
            result[f"edit_search{suffix}_s"] = round(edited["edit_search_s"], 3)
            result[f"edit{suffix}_stages"] = edited["edit_stages"]
            result[f"edit_again_builder{suffix}_s"] = round(edited["edit_again_builder_s"], 3)
            result[f"edit_again{suffix}_s"] = round(edited["edit_again_s"], 3)
            result[f"edit_again{suffix}_stages"] = edited["edit_again_stages"]
            print(f"[{events}] edit ({mode}) → rebuilt: builder {result[f'edit_builder{suffix}_s']} s, "
                  f"whole {result[f'edit{suffix}_s']} s; a second edit: builder "
                  f"{result[f'edit_again_builder{suffix}_s']} s, whole {result[f'edit_again{suffix}_s']} s", file=sys.stderr)
    result["loadavg_after"] = round(os.getloadavg()[0], 1)
    return result


COLUMNS = ["events", "pages", "builder_s", "builder_cpu_s", "worker_cpu_s", "mkdocs_s", "mkdocs_cpu_s", "builder_share",
           "builder_cpu_share", "builder_cached_s", "builder_cached_cpu_s", "mkdocs_cached_s", "builder_cached_share",
           "builder_cached_cpu_share", "ms_per_event", "cpu_ms_per_event", "peak_rss_mb", "rss_mkdocs_mb",
           "rss_pagefind_mb", "site_mb", "largest_page_kb",
           "search_first_query_kb", "edit_builder_s", "edit_s", "edit_builder_dirty_s", "edit_dirty_s",
           "edit_search_dirty_s", "edit_again_builder_dirty_s", "edit_again_dirty_s",
           "loadavg_before", "loadavg_after"]


def table(results: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in results:
        lines.append("| " + " | ".join(str(row.get(c, "")) for c in COLUMNS) + " |")
    return "\n".join(lines)


def stage_table(results: list[dict]) -> str:
    """Wall (CPU) seconds per stage inside the cold build."""
    keys = [*BUILDER_STAGES, "abbr", "search"]  # wall (CPU) in the build process
    lines = ["| events | " + " | ".join(keys) + " |", "|" + "---|" * (len(keys) + 1)]
    for row in results:
        cells = []
        for key in keys:
            stage = row.get("stages", {}).get(key)
            cells.append(f"{stage['wall']} ({stage['cpu']})" if stage else "")
        lines.append(f"| {row['events']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ratios(results: list[dict]) -> list[str]:
    """Linearity against the smallest run: time per event and largest page."""
    base = results[0]
    out = []
    for row in results[1:]:
        out.append(f"{row['events']} vs {base['events']}: wall per event {row['ms_per_event'] / base['ms_per_event']:.2f}x, "
                   f"CPU per event {row['cpu_ms_per_event'] / base['cpu_ms_per_event']:.2f}x, largest page "
                   f"{row['largest_page_kb'] / base['largest_page_kb']:.2f}x")
    return out


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.platform()}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--json", type=Path, help="write the results as a JSON list here")
    parser.add_argument("--work", type=Path, help="where to generate corpora (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and sites (a kept corpus "
                        "in --work is reused)")
    parser.add_argument("--no-edit", action="store_true", help="skip the edit-and-rebuild measurement")
    parser.add_argument("--edit", choices=("both", "dirty"), default="both",
                        help="measure edits as `mkdocs serve` and `--dirty` do (both), or only as `briefing serve` "
                             "does (dirty: saves one whole rebuild per size)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    results = []
    try:
        for events in args.events:
            results.append(run_one(events, work, args.seed, edit=None if args.no_edit else args.edit))
            if not args.keep:
                shutil.rmtree(work / f"briefing-{events}", ignore_errors=True)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Machine: {machine()}")
    print(table(results))
    print()
    print(stage_table(results))
    for line in ratios(results):
        print(line)
    if args.json:
        stamp = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine()}
        args.json.write_text(json.dumps([{**row, **stamp} for row in results], indent=2) + "\n")


if __name__ == "__main__":
    main()
