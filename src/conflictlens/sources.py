"""Who says so: the chain publisher -> relayed outlet -> cited source, per sentence.

"the Arabic-language website of the Russian Sputnik news agency quoted local sources" gives the chain
[publisher, Sputnik, Local sources]. A sentence that attributes nothing, or attributes to a pronoun
("They said"), keeps the article's last attribution: reports name their sources once and then go on.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources as importlib_resources


from .document import Doc
from .model import Evidence, How, SourceClaim
from .registry import register_stage
from .resources import Resources
from .datafiles import parse_yaml

STAGE = "sources"
REPORTING = {"say", "report", "tell", "quote", "announce", "state", "confirm", "add", "note", "cite", "write"}
RELAY_VERBS = {"quote", "cite"}
_ANONYMOUS = re.compile(r"\b(sources?|residents?|witnesses|eyewitnesses|activists|officials?|an official|a spokesman|medics|doctors|locals)\b", re.I)
_DETERMINERS = re.compile(r"^(?:the|a|an|some|several)\s+", re.I)


@lru_cache(maxsize=1)
def outlets() -> dict[str, tuple[str, str]]:
    """Lowercased outlet name -> (display name, scale)."""
    raw = parse_yaml(importlib_resources.files("conflictlens.ontology").joinpath("data", "outlets.yaml").read_text("utf-8"))
    return {name.lower(): (name, scale) for scale, names in raw.items() for name in names}


@lru_cache(maxsize=1)
def _outlet_patterns() -> tuple[tuple[re.Pattern[str], tuple[str, str]], ...]:
    """Each outlet's whole-word pattern, longest name first, compiled once (not ~100 regexes per phrase)."""
    return tuple((re.compile(rf"(?<![\w-]){re.escape(key)}(?![\w-])"), value)
                 for key, value in sorted(outlets().items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=4096)
def _outlet_in(text: str) -> tuple[str, str] | None:
    lowered = text.lower()
    for pattern, value in _outlet_patterns():
        if pattern.search(lowered):
            return value
    return None


def _label(span_text: str) -> tuple[str, str, bool]:
    """(name, scale, anonymous) for a source phrase."""
    outlet = _outlet_in(span_text)
    if outlet:
        return outlet[0], outlet[1], False
    cleaned = _DETERMINERS.sub("", " ".join(span_text.split()))
    cleaned = re.sub(r"\s+(?:in|from|of|on)\s+.*$", "", cleaned)  # "local sources in Idlib province" -> "local sources"
    anonymous = bool(_ANONYMOUS.search(cleaned))
    lowered = cleaned.lower()
    scale = "Local" if "local" in lowered or "resident" in lowered or "witness" in lowered else "Other"
    return cleaned[:1].upper() + cleaned[1:], scale, anonymous


def _phrase(tok) -> tuple[int, int]:
    left = min(t.idx for t in tok.subtree)
    right = max(t.idx + len(t.text) for t in tok.subtree)
    return left, right


def attributions(sent, text: str | None = None) -> list[tuple[str, str, bool, int, int]]:
    """(name, scale, anonymous, start, end) of the sources this sentence names, outermost first. ``text`` is the
    document's text, when the caller has it (spaCy rebuilds ``Doc.text`` from the tokens on every access)."""
    text = sent.doc.text if text is None else text
    found = []
    for tok in sent:
        if tok.lemma_.lower() in REPORTING and tok.pos_ == "VERB":
            subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ != "PRON":
                start, end = _phrase(subject)
                if end <= tok.idx:
                    # "..., local authorities and civil society said": the parser may hang earlier appositions
                    # on the subject; the source is what follows the last comma before the verb.
                    comma = text.rfind(",", start, end)
                    tail = text[comma + 1:end]
                    if comma != -1 and tail.strip():
                        start = comma + 1 + len(tail) - len(tail.lstrip())
                found.append((*_label(text[start:end]), start, end))
            if tok.lemma_.lower() in RELAY_VERBS:
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    start, end = obj.idx, obj.idx + len(obj.text)
                    left = [t for t in obj.lefts]
                    if left:
                        start = min(start, left[0].idx)
                    found.append((*_label(text[start:end]), start, end))
        if tok.lower_ == "according" and tok.i + 2 < len(sent.doc) and sent.doc[tok.i + 1].lower_ == "to":
            head = sent.doc[tok.i + 2]
            target = next((t for t in head.doc[head.i:sent.end] if t.dep_ == "pobj"), head)
            start, end = _phrase(target)
            found.append((*_label(text[start:end]), start, end))
    return found


def _scale(parts: list[tuple[str, str]]) -> str:
    scales = []
    for _, scale in parts:
        if scale not in scales and scale != "Other":
            scales.append(scale)
    order = ["Local", "Subnational", "National", "Regional", "International"]
    scales.sort(key=lambda s: order.index(s) if s in order else 99)
    return "-".join(scales[:2]) or "Other"


def source_claims(doc: Doc) -> dict[int, SourceClaim]:
    publisher = doc.article.publisher or ""
    claims: dict[int, SourceClaim] = {}
    current: list[tuple[str, str]] = []
    relays: list[tuple[str, str]] = []  # outlets the article relays ("Sputnik quoted local sources")
    current_evidence: Evidence | None = None
    anonymous = False
    known_outlets = {display for display, _ in outlets().values()}
    for index, sent in enumerate(doc.nlp.sents):
        named = attributions(sent, doc.text)
        if named:
            current = [(name, scale) for name, scale, _, _, _ in named]
            found = [(n, sc) for n, sc in current if n in known_outlets]
            if found:
                relays = found
            elif relays:
                # "Local sources noted ...", later in a report that relays an outlet: still through that outlet.
                current = relays + current
            anonymous = any(a for _, _, a, _, _ in named)
            start, end = min(n[3] for n in named), max(n[4] for n in named)
            current_evidence = Evidence("source", start, end, doc.text[start:end], STAGE, How.EXPLICIT)
        how_evidence = current_evidence if named else (
            Evidence("source", current_evidence.start, current_evidence.end, current_evidence.text, STAGE, How.CONTEXT)
            if current_evidence else None)
        chain = tuple(dict.fromkeys(([publisher] if publisher else []) + [n for n, _ in current]))
        pub_scale = [(publisher, _outlet_in(publisher)[1])] if publisher and _outlet_in(publisher) else []
        claims[index] = SourceClaim(
            chain=chain, source="; ".join(chain), source_scale=_scale(pub_scale + current) if chain else "",
            anonymous=anonymous, evidence=how_evidence,
        )
    return claims


@register_stage(STAGE, requires=("nlp",), assigns=("sources",))
def sources_stage(resources: Resources):
    """Per-sentence source chain (publisher -> relays -> cited sources) with ACLED's source scale."""

    def sources(doc: Doc) -> Doc:
        doc.sources = source_claims(doc)
        return doc

    return sources
