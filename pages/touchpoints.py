"""Placeholder until the page is built."""

from pages import session

ws = session.require_workspace("touchpoints")
session.page_header("touchpoints", ws)
