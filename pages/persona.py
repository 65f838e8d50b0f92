"""Placeholder until the page is built."""

from pages import session

ws = session.require_workspace("persona")
session.page_header("persona", ws)
