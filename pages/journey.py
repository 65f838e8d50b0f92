"""Placeholder until the page is built."""

from pages import session

ws = session.require_workspace("journey")
session.page_header("journey", ws)
