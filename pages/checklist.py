"""Placeholder until the page is built."""

from pages import session

ws = session.require_workspace("checklist")
session.page_header("checklist", ws)
