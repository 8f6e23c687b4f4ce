"""The safe-messaging check: findings on a guide's texts, from rules kept in data.

The rules (data/safe_messaging.toml) come from published safe-messaging
guidelines on suicide and self-harm. A finding names its rule, where it is,
the exact span of text, and the advice; its id is derived from all of these,
so the same working copy always gives the same ids, and a reviewer's waiver
names exactly the finding they read.
"""

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from editorial.checks.texts import Text, guide_texts, section_texts, sections_of

RULES_FILE = Path(__file__).parent / "data" / "safe_messaging.toml"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    advice: str
    patterns: tuple
    scope: str = "text"  # or "section": read the section's texts together
    help: tuple = ()


@cache
def rules():
    with open(RULES_FILE, "rb") as file:
        data = tomllib.load(file)
    return tuple(
        Rule(
            id=rule["id"],
            title=rule["title"],
            advice=rule["advice"],
            patterns=tuple(re.compile(pattern, re.IGNORECASE) for pattern in rule["patterns"]),
            scope=rule.get("scope", "text"),
            help=tuple(re.compile(pattern, re.IGNORECASE) for pattern in rule.get("help", [])),
        )
        for rule in data["rule"]
    )


def finding(rule, text, match):
    where = text.where
    key = f"{rule.id}|{where['section']}|{where['tip']}|{text.field}|{match.start()}|{match[0]}"
    return {
        "id": "sm-" + hashlib.sha256(key.encode()).hexdigest()[:12],
        "rule": rule.id,
        "title": rule.title,
        "where": where,
        "span": {"text": match[0], "start": match.start(), "end": match.end()},
        "advice": rule.advice,
    }


def text_findings(rule, text):
    for pattern in rule.patterns:
        for match in pattern.finditer(text.text):
            yield finding(rule, text, match)


def section_finding(rule, texts):
    """The first mention of the subject in a section that offers no route to help, if any."""
    if any(pattern.search(text.text) for text in texts for pattern in rule.help):
        return None
    for text in texts:
        matches = [m for pattern in rule.patterns if (m := pattern.search(text.text))]
        if matches:
            return finding(rule, text, min(matches, key=lambda m: m.start()))
    return None


def check_snapshot(snapshot):
    """Every finding on ``snapshot`` (a guide's canonical data), in reading order."""
    findings = []
    texts = list(guide_texts(snapshot))
    for rule in rules():
        if rule.scope == "text":
            for text in texts:
                findings.extend(text_findings(rule, text))
    for rule in rules():
        if rule.scope == "section":
            for section in sections_of(snapshot):
                found = section_finding(rule, list(section_texts(section)))
                if found:
                    findings.append(found)
    return sorted(findings, key=_reading_order(texts))


def check_text(text):
    """The rules that flag ``text`` read as a section of its own: for the test corpus."""
    section = [Text("corpus", None, "body", text)]
    flagged = set()
    for rule in rules():
        if rule.scope == "text" and any(True for _ in text_findings(rule, section[0])):
            flagged.add(rule.id)
        if rule.scope == "section" and section_finding(rule, section):
            flagged.add(rule.id)
    return flagged


def _reading_order(texts):
    places = {(t.section, t.tip, t.field): n for n, t in enumerate(texts)}

    def key(found):
        where = found["where"]
        return places.get((where["section"], where["tip"], where["field"]), 0), found["span"][
            "start"
        ]

    return key
