"""Placeholder until the page is built."""

from pages import session

ws = session.require_workspace("scoring")
session.page_header("scoring", ws)
