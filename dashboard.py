"""Dasbor kedalaman dan keparahan kemiskinan Kota Bontang: the entry point and router.

Run: streamlit run dashboard.py   (builds the demo database on first start)

Nobody sees a page before signing in; the pages offered depend on the role
(ui/navigation.py). The pages check the role again, and the query functions the household scope.
Whatever fails, the user reads a short Indonesian message; tracebacks go to the server log
(ui/errors.py).
"""

import streamlit as st

from ui import style

# First, before any module that loads pandas (about a second on a first start): Streamlit's
# automatic menu of page files must not show while the router starts.
st.set_page_config(layout="wide")
style.apply()

from analytics.access.files import restrict_umask  # noqa: E402 (after the style rule, see above)
from analytics.errors import ConfigError  # noqa: E402
from analytics.reference import REGION_NAME  # noqa: E402
from ui import config, errors, first_run  # noqa: E402
from ui.navigation import PAGES, pages_for  # noqa: E402

# Uploaded registers, their archive copies and candidate databases: private from the first byte.
restrict_umask()
st.set_page_config(page_title=f"Kemiskinan {REGION_NAME}")


def main() -> None:
    try:
        config.current()  # a wrong setting stops the dashboard with its message, before anything runs
    except ConfigError as exc:
        errors.LOG.error("Pengaturan tidak valid: %s", exc.message)
        errors.show_user_error(exc)
        st.stop()
    with errors.shown():
        building = not first_run.ready()
        # The first start: a progress bar at once, then the demo accounts (the sign-in form works
        # while the database is built in the background).
        announced = first_run.announce() if building else None
        route(building, announced)


def route(building: bool, announced) -> None:
    # Imported only here: on a first start these modules take a second or two to load, and the
    # visitor sees the progress bar (``announced``) meanwhile.
    from ui import auth, controls, data

    if building:
        first_run.start()
        announced.empty()  # the sign-in form and the progress page draw their own
    user = auth.current_user()
    if user is None:
        # Every page's address answers with the sign-in form, so a shared link shows the form
        # (not Streamlit's "Page not found") and, once signed in, the page it names.
        sign_in = [st.Page(auth.sign_in_page, title="Masuk", url_path="masuk", default=True)]
        sign_in += [st.Page(auth.sign_in_page, title=page.title, url_path=page.url_path) for page in PAGES]
        st.navigation(sign_in, position="hidden").run()
    elif building:
        # Signed in before the demo database is ready: its steps, and no menu of pages yet.
        auth.account_box(user)
        progress = st.Page(first_run.progress_page, title="Menyiapkan data", url_path="menyiapkan", default=True)
        st.navigation([progress], position="hidden").run()
    else:
        data.connection()
        controls.reserve_sidebar()
        auth.account_box(user)
        offered = pages_for(user.role)
        # Page files are named page_*.py so that no file name equals a url_path: Streamlit 1.67 shows
        # its automatic pages/ menu instead of this one when a shared link names such a page.
        pages = [
            st.Page(page.path, title=page.title, url_path=page.url_path, default=i == 0)
            for i, page in enumerate(offered)
        ]
        # The user's choice or the data is wrong: its Indonesian message; a bug: a short message
        # here and the traceback in the server log.
        st.navigation(pages).run()


main()
