"""What a reader sees of an element's Markdown source."""

import re


def shown(markdown: str) -> str:
    """Markdown with its numeric character references read
    (``session.option_label`` writes them), then its backslash escapes and
    word joiners removed (``md()`` adds them to user text)."""
    text = re.sub(r"(?<!\\)&#(\d+);", lambda m: chr(int(m.group(1))), markdown)
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def walk(node):
    """Every element of an AppTest tree, depth first."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def raw_html_without_user_text(at) -> bool:
    """The only raw HTML the app writes is the cookie that remembers the
    workspaces this browser opened (``views/session.remember_in_browser``):
    slugs, never user text."""
    return all("<img" not in h.proto.body and "onerror" not in h.proto.body for h in at.get("html"))
