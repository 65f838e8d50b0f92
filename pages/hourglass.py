"""Placeholder until the page is built."""

from pages import session

ws = session.require_workspace("hourglass")
session.page_header("hourglass", ws)
