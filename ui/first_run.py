"""The first start: the demo database is built in the background while a page shows each step.

Without this the first visitor waited minutes in front of Streamlit's own menu of file names
and an English "Stop" button. The build runs in one thread per server process (a cached
resource); every session that opens meanwhile sees the same steps. The terminal shows them too.
"""

from __future__ import annotations

import logging
import threading

import streamlit as st

from analytics.demo import demo_is_ready, ensure_demo_database, prepare_demo_accounts, print_step

LOG = logging.getLogger(__name__)


class DemoBuild:
    """The steps heard so far, the share of the work done, and how it ended."""

    def __init__(self) -> None:
        self.steps: list[str] = []
        self.done = 0.0
        self.failed = False
        self.finished = False

    def echo(self, text: str, done: float) -> None:
        print_step(text, done)
        self.steps.append(text)
        self.done = done

    def run(self) -> None:
        try:
            ensure_demo_database(echo=self.echo)
        except Exception:  # shown as a short message; the traceback goes to the server log
            LOG.exception("building the demo database failed")
            self.failed = True
        finally:
            self.finished = True


@st.cache_resource(show_spinner=False)
def _build() -> DemoBuild:
    build = DemoBuild()
    threading.Thread(target=build.run, name="demo-build", daemon=True).start()
    return build


def ready() -> bool:
    """True when the database can be opened at once (a real one, or the demo already built)."""
    return demo_is_ready()


def start() -> None:
    """On the first start: the demo accounts at once (the sign-in form works meanwhile) and the
    build in the background, started by the first visit and shared by every later one."""
    prepare_demo_accounts()
    _build()


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
    st.progress(min(build.done, 1.0), text=build.steps[-1] if build.steps else "Memulai…")
    for step in build.steps[:-1]:
        st.caption(f"✓ {step}")
    if build.failed:
        _build.clear()
        st.error("Data demo gagal disiapkan. Lihat log server untuk rinciannya, lalu muat ulang halaman ini.")
    elif build.finished:
        _build.clear()
        st.rerun(scope="app")
