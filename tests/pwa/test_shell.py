"""The app shell: every file the app needs is precached by the service worker, and the shell stays
within its budget (150 KB gzipped: HTML, CSS, JS; icons aside)."""

from __future__ import annotations

import gzip
import re

from safecampus.settings import REPO_ROOT

PWA = REPO_ROOT / "pwa"
BUDGET = 150 * 1024


def precached() -> list[str]:
    source = (PWA / "sw.js").read_text(encoding="utf-8")
    listing = re.search(r"SHELL = \[(.*?)\];", source, re.S)
    assert listing, "sw.js has no SHELL list"
    return re.findall(r'"([^"]+)"', listing.group(1))


def test_every_app_file_is_precached_by_the_service_worker():
    files = {p.relative_to(PWA).as_posix() for p in PWA.rglob("*") if p.is_file()} - {"sw.js"}
    assert set(precached()) == files


def test_every_module_import_is_in_the_shell():
    shell = set(precached())
    for name in shell:
        if name.endswith(".js"):
            for imported in re.findall(r'from "\./([^"]+)"', (PWA / name).read_text(encoding="utf-8")):
                assert imported in shell, f"{name} imports {imported}, which is not precached"


def shell_size_gzipped() -> int:
    names = [n for n in precached() if not n.startswith("icons/")] + ["sw.js"]
    return sum(len(gzip.compress((PWA / n).read_bytes(), compresslevel=9)) for n in names)


def test_the_shell_is_within_its_budget():
    size = shell_size_gzipped()
    print(f"app shell: {size / 1024:.1f} KB gzipped (budget {BUDGET // 1024} KB)")
    assert size <= BUDGET


def test_every_shell_module_is_preloaded():
    """index.html preloads every module so the first start fetches them in parallel, not one
    import level at a time; a module missing from the list loads late on a slow network."""
    html = (PWA / "index.html").read_text(encoding="utf-8")
    preloaded = set(re.findall(r'<link rel="modulepreload" href="([^"]+)">', html))
    modules = {n for n in precached() if n.endswith(".js") and n != "app.js"}
    assert preloaded == modules
