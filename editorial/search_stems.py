"""Word stems for the public search where PostgreSQL's full-text search is not there (SQLite).

PostgreSQL's text search configuration (``GUIDANCE_SEARCH_CONFIG``,
``english``) reduces each word to its Snowball stem and leaves out stop
words, so "listening" finds "listen" and "partners" finds "partner".
SQLite has nothing of the kind: there publishing stores the searchable text
of each public row as its stems, in the row's ``search_vector`` (a tsvector
on PostgreSQL; SQLite has no such type), and a search is reduced the same
way, with the same Snowball algorithm and, for ``english``, PostgreSQL's own
stop words.

A query reads as PostgreSQL's ``websearch`` syntax does: words, ``"a
phrase"``, ``-word`` or ``-"a phrase"`` to leave out, and ``or`` between two
terms. Matching is by whole stems, not by ranking: the rows keep their
list's order.
"""

import functools
import re
import threading
from dataclasses import dataclass

import snowballstemmer
from django.conf import settings

# PostgreSQL's english.stop (tsearch_data), itself Snowball's English stop list.
_ENGLISH_STOP_LIST = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP_LIST.split())
# Between the stems of two fields: no phrase runs from one field into the next. (It also
# keeps the stored value from ever reading as a number: SQLite gives a column typed
# "tsvector" numeric affinity.)
FIELD_BREAK = " | "

_WORD = re.compile(r"\w+")
# A term of a query: -"a phrase", "a phrase" (unclosed: to the end), or a word.
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_stemmers = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


@dataclass(frozen=True)
class Term:
    """Stems that must appear together, in this order (or, ``excluded``, must not)."""

    stems: tuple[str, ...]
    excluded: bool = False

    @property
    def pattern(self):
        """What the stored stems hold where the term is: whole stems, side by side."""
        return f" {' '.join(self.stems)} "


def stems(text, config=None):
    """The stems of ``text``'s words, in order, stop words left out."""
    config = config or settings.GUIDANCE_SEARCH_CONFIG
    stop_words = ENGLISH_STOP_WORDS if config == "english" else frozenset()
    return [_stem(word, config) for word in _WORD.findall(text.lower()) if word not in stop_words]


def searchable(*fields, config=None):
    """The stems of ``fields`` as stored for search: each stem between spaces, so that a
    stem is found whole (" list " is not inside " listen ")."""
    return f" {FIELD_BREAK.join(' '.join(stems(field, config)) for field in fields)} "


def query_terms(text, config=None):
    """The terms of a search, as groups: every group must match, and a group matches
    when any of its terms does (terms joined by ``or``).

    Terms with no stem left (only stop words) are dropped, as PostgreSQL drops them;
    no group at all means the search matches nothing.
    """
    groups, joining = [], False
    for match in _TERM.finditer(text):
        minus, quoted, word = match.groups()
        if word is not None and word.lower() == "or":
            joining = bool(groups)
            continue
        if word is not None and word.startswith("-"):
            minus, word = "-", word[1:]
        found = tuple(stems(quoted if quoted is not None else word, config))
        if not found:
            continue
        term = Term(found, excluded=bool(minus))
        if joining:
            groups[-1].append(term)
        else:
            groups.append([term])
        joining = False
    return groups


@functools.lru_cache(maxsize=50_000)
def _stem(word, config):
    # Snowball in pure Python takes tens of microseconds a word; a guide repeats its words.
    stemmer = _stemmer(config)
    return stemmer.stemWord(word) if stemmer else word


def _stemmer(config):
    """The Snowball stemmer of the configuration's language; None for one with none
    (``simple``: words are only lower-cased, as PostgreSQL's simple configuration does)."""
    by_config = getattr(_stemmers, "by_config", None)
    if by_config is None:
        by_config = _stemmers.by_config = {}
    if config not in by_config:
        known = config in snowballstemmer.algorithms()
        by_config[config] = snowballstemmer.stemmer(config) if known else None
    return by_config[config]
