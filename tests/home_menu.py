"""Open a workspace card's "Manage" menu on Home at one of its tabs, in an
AppTest (``views/home_workspaces.menu``: the menu and each tab draw only
while open)."""

from audit.i18n import t

TABS = {"settings": "clients.settings_button", "new_client": "clients.new_button",
        "share": "access.share.button", "delete": "home.delete"}


def open_menu(at, slug: str, tab: str, lang: str = "en"):
    """Set ``at`` (run or not) to open ``slug``'s menu at ``tab`` on its next run."""
    at.session_state[f"ws_menu_{slug}"] = True
    at.session_state[f"ws_menu_tab_{slug}"] = t(TABS[tab], lang)
    return at
