"""The platform table's embed selectors arranged for a one-pass finder: what an element needs
to match each selector (its tag, conditions on its attributes), read from the selector, and an
index that files every selector under those needs, so that one walk over a page asks each
element only about the few selectors it may match. The selector's own XPath always decides;
the needs only spare it the elements that cannot match.

>>> for need in needs_of("blockquote.twitter-tweet, [data-tweet-id]", ""):
...     print(need)
Needs(tag='blockquote', attrs=(('class', '~=', 'twitter-tweet'),))
Needs(tag=None, attrs=(('data-tweet-id', '', ''),))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cssselect
import lxml.etree

if TYPE_CHECKING:
    from .platforms import Platform, Selector

#: a condition on an attribute: name, CSS operator ("" for presence, "=", "^=", "~=", ...), value
Condition = tuple[str, str, str]


@dataclass(frozen=True)
class Needs:
    """What an element must have to match one branch of a selector: its tag (None: any) and
    conditions on its attributes. Necessary, not sufficient (``:not()``, ``:first-child`` and
    namespaced attributes are left out): the selector's own XPath decides."""

    tag: str | None
    attrs: tuple[Condition, ...] = ()


#: an XPath branch that names tags CSS cannot: ``//*[local-name()='fb:post' or ...]``
_LOCAL_NAMES = re.compile(r"^(?://|descendant-or-self::)\*\[\s*local-name\(\)\s*=\s*'[^']+'"
                          r"(?:\s+or\s+local-name\(\)\s*=\s*'[^']+')*\s*\]$")


def needs_of(css: str | None, path: str) -> tuple[Needs, ...] | None:
    """What an element needs to match each branch of a selector given as CSS, or as an XPath of
    ``local-name()`` tests (``path``); None when it cannot be told."""
    if css is None:
        needs: list[Needs] = []
        for branch in path.split(" | "):
            if not _LOCAL_NAMES.match(branch.strip()):
                return None
            needs.extend(Needs(name) for name in re.findall(r"'([^']+)'", branch))
        return tuple(needs)
    try:
        found = [_css_needs(s.parsed_tree) for s in cssselect.parse(css)]
    except cssselect.SelectorError:
        return None
    return None if any(n is None for n in found) else tuple(n for n in found if n is not None)


def _css_needs(node: object) -> Needs | None:
    """The tag and attribute conditions of one parsed CSS selector without a combinator (lxml's
    translator keeps names as written, so they are compared as written)."""
    conditions: list[Condition] = []
    while not isinstance(node, cssselect.parser.Element):
        if isinstance(node, cssselect.parser.CombinedSelector) or node is None:
            return None
        if isinstance(node, cssselect.parser.Class):
            conditions.append(("class", "~=", node.class_name))
        elif isinstance(node, cssselect.parser.Hash):
            conditions.append(("id", "=", node.id))
        elif isinstance(node, cssselect.parser.Attrib) and node.namespace is None \
                and node.operator != "!=":  # [a!=v] also matches an element without the attribute
            value = "" if node.value is None else str(getattr(node.value, "value", node.value))
            conditions.append((node.attrib, "" if node.operator == "exists" else node.operator,
                               value))
        node = getattr(node, "selector", None)  # :not(), :first-child, ... add nothing needed
    if node.namespace is not None or (node.element is None and not conditions):
        return None
    return Needs(node.element, tuple(reversed(conditions)))


def _holds(value: str, op: str, expected: str) -> bool:
    """Whether an attribute's ``value`` can meet the condition ``op expected`` (a CSS attribute
    operator; "~=" read as a substring, since the selector's XPath decides).

    >>> _holds("fb-post extra", "~=", "fb-post"), _holds("vk_post_1", "^=", "vk_post_")
    (True, True)
    """
    if op in ("", "!="):
        return True
    if op == "=":
        return value == expected
    if op in ("^=", "|="):
        return value.startswith(expected)
    if op == "$=":
        return value.endswith(expected)
    return expected in value  # ~= and *=


#: one branch of a selector as the index keeps it: the selector's position and the conditions
Branch = tuple[int, tuple[Condition, ...]]
#: what each operator asks of an attribute's value, as a regular expression around the value
_SCREENS = {"=": r"\A{}\Z", "^=": r"\A{}", "|=": r"\A{}", "$=": r"{}\Z", "~=": "{}", "*=": "{}"}


class Branches:
    """The branches filed under one attribute, and one regular expression its value must match
    for any of them to (None when one of them only needs the attribute to be there)."""

    def __init__(self, branches: list[Branch]) -> None:
        self.branches = branches
        firsts = [conditions[0] for _, conditions in branches]
        self.screen = None if any(op not in _SCREENS for _, op, _ in firsts) else re.compile(
            "|".join(_SCREENS[op].format(re.escape(value)) for _, op, value in firsts))

    def add(self, el: lxml.etree._Element, value: str, hits: list[int]) -> None:
        """Add to ``hits`` the selectors whose conditions ``el`` meets (``value``: that of the
        attribute these branches are filed under)."""
        if self.screen is not None and self.screen.search(value) is None:
            return
        for n, conditions in self.branches:
            _, op, expected = conditions[0]
            if _holds(value, op, expected) and all(
                    (v := el.get(a)) is not None and _holds(v, o, x) for a, o, x in conditions[1:]):
                hits.append(n)


class SelectorIndex:
    """The table's embed selectors arranged for a one-pass finder, built once per table: each
    selector without a combinator filed under the tag, else the attribute, that each of its
    branches needs, so that an element is asked only about the few selectors it may match
    (their attribute conditions first, then their XPath test)."""

    def __init__(self, platforms: tuple[Platform, ...]) -> None:
        #: (platform, selector) of every selector without a combinator, in table order
        self.entries: list[tuple[Platform, Selector]] = []
        #: selectors with a combinator (``div.x blockquote``): an XPath pass each
        self.combined: list[tuple[Platform, Selector]] = []
        tag_only: dict[str, list[int]] = {}
        by_tag: dict[str, dict[str, list[Branch]]] = {}
        by_attr: dict[str, list[Branch]] = {}
        unknown: list[int] = []
        for p in platforms:
            for sel in p.selectors:
                if sel.matches is None:
                    self.combined.append((p, sel))
                    continue
                n = len(self.entries)
                self.entries.append((p, sel))
                if sel.needs is None:
                    unknown.append(n)
                for need in sel.needs or ():
                    if need.tag is not None and not need.attrs:
                        tag_only.setdefault(need.tag, []).append(n)
                    elif need.tag is not None:
                        by_tag.setdefault(need.tag, {}).setdefault(need.attrs[0][0], []).append(
                            (n, need.attrs))
                    else:
                        by_attr.setdefault(need.attrs[0][0], []).append((n, need.attrs))
        #: tag -> (the selectors that need only that tag, the first attribute the other
        #: branches with that tag need -> those branches)
        self.by_tag: dict[str, tuple[tuple[int, ...], dict[str, Branches]]] = {
            tag: (tuple(tag_only.get(tag, ())),
                  {a: Branches(b) for a, b in by_tag.get(tag, {}).items()})
            for tag in {*tag_only, *by_tag}}
        #: attribute -> the branches of any tag whose first condition is on it
        self.by_attr = {a: Branches(b) for a, b in by_attr.items()}
        #: every attribute name branches are filed under
        self.attrs = frozenset({*by_attr, *(a for by in by_tag.values() for a in by)})
        #: selectors whose needs are unknown, and one XPath for the elements they match
        self.unknown = tuple(unknown)
        self.unknown_xpath = lxml.etree.XPath(
            " | ".join(self.entries[n][1].path for n in unknown)) if unknown else None
        #: entry -> the test of its branches that search the whole document (``//...``), not
        #: only below the element the search starts from (``descendant-or-self::...``, as
        #: CSS compiles): only they find an element outside it
        self.anywhere: dict[int, lxml.etree.XPath] = {}
        for n, (_, sel) in enumerate(self.entries):
            tests = [f"self::{b.strip()[2:]}" for b in sel.path.split(" | ")
                     if b.strip().startswith("//")]
            if tests:
                self.anywhere[n] = lxml.etree.XPath(" | ".join(tests))
