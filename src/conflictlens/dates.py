"""Event dates: explicit dates, weekdays and relative phrases resolved against the publication date.

Each sentence gets a :class:`~conflictlens.document.DateAnchor`. A sentence that names no date inherits the
last event date set before it (a report's "In a development on Monday, ..." governs what follows); dates that
only say when something was *said* ("quoted ... as saying on Tuesday") do not set the anchor. Without a
publication date, relative phrases stay unresolved: the date is left empty with the phrase, never today's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .document import DateAnchor, Doc
from .model import Evidence, How
from .registry import register_stage
from .resources import Resources

STAGE = "dates"
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"), "iso"),
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}\b", re.IGNORECASE), "dmy"),
    (re.compile(rf"\b{_MONTH}\s+{_DAY}{_YEAR}\b", re.IGNORECASE), "mdy"),
    (re.compile(r"\b(?:on\s+|last\s+|this\s+(?:past\s+)?)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                r"(?:\s+(?:morning|afternoon|evening|night))?\b", re.IGNORECASE), "weekday"),
    (re.compile(r"\b(?P<rel>yesterday|last night|overnight|today|this morning|earlier today|tonight|on the same day)\b", re.IGNORECASE), "rel"),
    (re.compile(r"\b(?P<week>(?:in\s+)?(?:recent|the past|the last|past)\s+(?:few\s+)?days|last week|this week|earlier this week|"
                r"(?:over\s+)?the weekend|days ago|a week ago)\b", re.IGNORECASE), "week"),
    (re.compile(r"\b(?P<monthrel>earlier this month|this month|last month|in recent weeks|the past few weeks|recent weeks)\b", re.IGNORECASE), "month"),
]
REPORTING_VERBS = {"say", "quote", "report", "tell", "state", "announce", "add", "note", "claim", "confirm", "write", "publish", "cite"}


def _nearest_past(published: dt.date | None, month: int, day: int) -> dt.date | None:
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate <= published + dt.timedelta(days=1):
            return candidate
    return None


def resolve_phrase(match: re.Match[str], kind: str, published: dt.date | None) -> tuple[dt.date | None, int | None]:
    """(date, ACLED time_precision) of a matched phrase; date None when it needs a missing publication date."""
    groups = match.groupdict()
    try:
        if kind == "iso":
            return dt.date.fromisoformat(groups["iso"]), 1
        if kind in ("dmy", "mdy"):
            month, day = MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"])
            if groups.get("year"):
                return dt.date(int(groups["year"]), month, day), 1
            return _nearest_past(published, month, day), 1
    except ValueError:
        return None, None
    if published is None:
        return None, {"weekday": 1, "rel": 1, "week": 2, "month": 3}[kind]
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[groups["weekday"].lower()]) % 7
        return published - dt.timedelta(days=back), 1
    if kind == "rel":
        rel = groups["rel"].lower()
        if rel in ("yesterday", "last night", "overnight"):
            return published - dt.timedelta(days=1), 1
        return published, 1
    if kind == "week":
        return published, 2
    return published, 3


def find_dates(text: str, start: int, end: int) -> list[tuple[int, int, re.Match[str], str]]:
    found: list[tuple[int, int, re.Match[str], str]] = []
    for pattern, kind in PATTERNS:
        for match in pattern.finditer(text, start, end):
            if not any(s <= match.start() < e for s, e, _, _ in found):
                found.append((match.start(), match.end(), match, kind))
    return sorted(found, key=lambda f: f[0])


#: A verb of saying right before a date phrase ("said on Friday", "told reporters Tuesday"): the date of the saying.
SAID_BEFORE = re.compile(r"\b(?:said|says|told\s+(?:\w+\s+){0,2}?|announced|reported|added|stated|confirmed|claimed)"
                         r"\s+(?:on\s+|late\s+|early\s+)?$", re.IGNORECASE)


def _is_reporting_date(doc: Doc, start: int) -> bool:
    """True when the date modifies a verb of saying ("quoted ... as saying on Tuesday")."""
    if SAID_BEFORE.search(doc.text, max(0, start - 40), start):
        return True  # "the military said on Friday it carried out a strike on Wednesday", whatever the parse attaches
    span = doc.nlp.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    tok = span[0]
    for ancestor in [tok, *tok.ancestors][:4]:
        if ancestor.pos_ == "VERB":
            # "said on Tuesday" dates the saying; "repelled an attack on Sunday, the army said" dates the attack
            # even when the parser hangs the date on "said".
            return ancestor.lemma_.lower() in REPORTING_VERBS and ancestor.i < tok.i
    return False


def _in_relative_clause(doc: Doc, start: int) -> bool:
    """ "fighters, who have mined several roads in recent months": a date inside a relative clause describes
    the side remark, not the sentence's event."""
    span = doc.nlp.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and any(a.dep_ == "relcl" for a in [span[0], *span[0].ancestors])


def date_anchors(doc: Doc) -> dict[int, DateAnchor]:
    published = doc.article.published
    anchors: dict[int, DateAnchor] = {}
    current: DateAnchor | None = None
    for index, sent in enumerate(doc.nlp.sents):
        own = None
        for start, end, match, kind in find_dates(doc.text, sent.start_char, sent.end_char):
            if _is_reporting_date(doc, start) or _in_relative_clause(doc, start) or (
                    doc.dateline and doc.dateline[0] <= start < doc.dateline[1]):
                continue  # when something was said, a side remark, or the dateline's date of the report
            date, precision = resolve_phrase(match, kind, published)
            how = How.EXPLICIT if kind in ("iso", "dmy", "mdy") and date else How.INFERRED
            own = DateAnchor(date, precision, match.group(0), how, Evidence("event_date", start, end, match.group(0), STAGE, how))
            break
        if own is not None:
            current = own
            anchors[index] = own
        elif current is not None:
            anchors[index] = DateAnchor(current.date, current.precision, current.phrase, How.CONTEXT, current.evidence)
        elif published is not None:
            anchors[index] = DateAnchor(published, 2, "", How.FALLBACK, None)
        else:
            anchors[index] = DateAnchor(None, None, "", How.FALLBACK, None)
    return anchors


@register_stage(STAGE, requires=("nlp",), assigns=("dates",))
def dates_stage(resources: Resources):
    """One date anchor per sentence: own date, the date carried from earlier sentences, or the publication date."""

    def dates(doc: Doc) -> Doc:
        doc.dates = date_anchors(doc)
        return doc

    return dates
