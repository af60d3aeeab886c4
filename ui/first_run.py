"""The first start: the demo database is built in the background while a page shows each step.

Without this the first visitor waited minutes in front of Streamlit's own menu of file names
and an English "Stop" button. The build is ``python -m analytics demo`` in a child process,
started once per server process (a cached resource): in a thread of the server it held the
interpreter lock so long that the sign-in form took over a minute. Its step lines
(``[ 35 %] …``, :func:`analytics.demo.format_step`) are echoed to the server's terminal and drawn
as a progress bar for every session that opens meanwhile.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import subprocess
import sys
import threading

import streamlit as st

from analytics.demo import demo_is_ready, parse_step, prepare_demo_accounts
from analytics.paths import PROJECT_ROOT

LOG = logging.getLogger(__name__)
#: The build, as a user would run it ahead: ``python -m analytics demo`` (a test swaps it).
BUILD_COMMAND = [sys.executable, "-m", "analytics", "demo"]
STARTING = "Memulai penyiapan data demo…"


class DemoBuild:
    """The steps heard so far, the share of the work done, and how it ended."""

    def __init__(self) -> None:
        self.steps: list[str] = []
        self.done = 0.0
        self.failed = False
        self.finished = False

    def hear(self, line: str) -> None:
        """One line of the build's output: to the terminal, and a step to the progress bar."""
        print(line, flush=True)
        step = parse_step(line)
        if step is not None:
            self.steps.append(step[0])
            self.done = step[1]

    def run(self) -> None:
        try:
            with subprocess.Popen(
                BUILD_COMMAND,
                cwd=PROJECT_ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                text=True,
                bufsize=1,
                start_new_session=True,
            ) as build:
                # The server stopped (Ctrl+C, a service restart): the build and its worker processes
                # stop too (its own process group), and the next start removes the half-built file.
                atexit.register(_stop, build)
                for line in build.stdout:
                    self.hear(line.rstrip("\n"))
            self.failed = build.returncode != 0
            if self.failed:  # its traceback is already on the terminal, line by line
                LOG.error("building the demo database failed (exit code %s)", build.returncode)
        except OSError:
            LOG.exception("the demo build could not be started")
            self.failed = True
        finally:
            self.finished = True


def _stop(build: subprocess.Popen) -> None:
    if build.poll() is None:
        os.killpg(build.pid, signal.SIGTERM)


@st.cache_resource(show_spinner=False)
def _build() -> DemoBuild:
    build = DemoBuild()
    threading.Thread(target=build.run, name="demo-build", daemon=True).start()
    return build


def ready() -> bool:
    """True when the database can be opened at once (a real one, or the demo already built)."""
    return demo_is_ready()


def start() -> None:
    """On the first start: the build in the background, started by the first visit and shared by
    every later one, and the demo accounts (the sign-in form works meanwhile)."""
    _build()
    prepare_demo_accounts()


def announce():
    """A progress bar drawn before anything slow, so the first visitor sees the start at once
    (the dashboard's own modules take a second or two to load the first time). Returns its
    slot, to be emptied when the page proper draws its own."""
    slot = st.empty()
    build = _build()
    slot.progress(min(build.done, 1.0), text=build.steps[-1] if build.steps else STARTING)
    return slot


def progress_page() -> None:
    """What a signed-in user sees until the demo database is built."""
    st.title("Menyiapkan data demo")
    st.write(
        "Dasbor dijalankan pertama kali: data demo sintetis (bukan data warga sebenarnya) sedang "
        "disiapkan. Ini hanya terjadi sekali, sekitar 3 menit pada komputer 2 inti; halaman dasbor "
        "muncul sendiri setelah selesai."
    )
    _progress(_build())


def progress_note() -> None:
    """Under the sign-in form on the first start: the build's progress."""
    st.caption("Data demo sedang disiapkan (sekali saja); Anda sudah dapat masuk.")
    _progress(_build())


@st.fragment(run_every=1.0)
def _progress(build: DemoBuild) -> None:
    st.progress(min(build.done, 1.0), text=build.steps[-1] if build.steps else STARTING)
    for step in build.steps[:-1]:
        st.caption(f"✓ {step}")
    if build.failed:
        _build.clear()
        st.error("Data demo gagal disiapkan. Lihat log server untuk rinciannya, lalu muat ulang halaman ini.")
    elif build.finished:
        _build.clear()
        st.rerun(scope="app")
