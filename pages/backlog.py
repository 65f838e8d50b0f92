"""Placeholder until the page is built."""

from pages import session

ws = session.require_workspace("backlog")
session.page_header("backlog", ws)
