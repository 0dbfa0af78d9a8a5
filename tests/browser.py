"""Headless Chromium for the report tests: one way to run it and read what it said."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from external import client

# Chromium's own services (updates, accounts, time) call home whatever the page does.
BROWSER_HOSTS = re.compile(r"^https?://([\w.-]+\.)?(google\.com|googleapis\.com|gstatic\.com|"
                           r"gvt1\.com|googleusercontent\.com)[:/]")


def run_chromium(html: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Open ``html`` headless, every host unresolvable, logging to stderr (a test marked
    ``external``)."""
    return subprocess.run(
        [client("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profil'}", "--enable-logging=stderr",
         "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars", *extra,
         html.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)


def page_requests(net_log: Path) -> set[str]:
    """Every http(s) URL the page asked for, from Chromium's network log."""
    urls = set(re.findall(r'"url":"(https?://[^"]+)"', net_log.read_text(encoding="utf-8")))
    return {u for u in urls if not BROWSER_HOSTS.match(u)}


def browser_problems(stderr: str) -> list[str]:
    """Console errors, refused loads and network errors in Chromium's log."""
    noise = ("dbus", "Fontconfig", "sandbox", "gpu", "GPU", "viz", "angle", "Vulkan",
             "ALSA", "crashpad", "Crashpad", "libva", "inotify")
    lines = [ln for ln in stderr.splitlines() if not any(n in ln for n in noise)]
    bad = ("CONSOLE", "Uncaught", "Refused to", "ERR_", "net::", "Content Security Policy")
    return [ln for ln in lines if any(b in ln for b in bad)]
