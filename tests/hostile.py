"""Hostile input for the fuzz and fault suites: documents no one should send, and the trees they sit in.

Shared by ``tests/test_fuzz*.py`` (a fast subset) and ``bench/fuzz_long.py`` (the long run by hand). Every
generator is seeded, so a failure names its seed and can be replayed. The foreign-language sentences are
written for this project.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

ENGLISH = [
    "Gunmen attacked a checkpoint near Idlib on Monday, killing three soldiers, the army said.",
    "Protesters gathered in central Khartoum on Friday to demand the release of detained students.",
    "An air strike hit a market in Marib, local officials said, and at least two people were wounded.",
    "Police fired tear gas at demonstrators in Bamako after the vote was postponed.",
    "Militants shelled army positions east of Aleppo overnight, a monitoring group reported.",
]
FOREIGN = {
    "fr": [
        "Des hommes armés ont attaqué un poste de contrôle près de Mopti lundi, tuant trois soldats, selon l'armée.",
        "Les manifestants se sont rassemblés dans le centre de Bamako pour exiger la libération des étudiants.",
        "Une frappe aérienne a touché le marché de la ville, ont indiqué les autorités locales.",
        "Au moins deux civils ont été blessés lors des affrontements entre les forces de sécurité et les rebelles.",
        "Le gouvernement a annoncé un couvre-feu dans la région après plusieurs jours de violences.",
        "Selon un responsable local, les assaillants sont arrivés à moto avant de prendre la fuite.",
        "La police a dispersé la foule avec des gaz lacrymogènes devant le palais présidentiel.",
        "Les combats se sont poursuivis toute la nuit dans le nord du pays, d'après des témoins.",
    ],
    "es": [
        "Hombres armados atacaron un puesto de control cerca de la ciudad el lunes y mataron a tres soldados.",
        "Los manifestantes se reunieron en el centro de la capital para exigir la liberación de los detenidos.",
        "La policía dispersó a la multitud con gases lacrimógenos frente al palacio de gobierno.",
        "Según las autoridades locales, al menos dos civiles resultaron heridos en los enfrentamientos.",
    ],
    "de": [
        "Bewaffnete Männer haben am Montag einen Kontrollpunkt in der Nähe der Stadt angegriffen.",
        "Die Demonstranten versammelten sich im Zentrum der Hauptstadt und forderten die Freilassung der Studenten.",
        "Nach Angaben der Behörden wurden bei den Kämpfen mindestens zwei Zivilisten verletzt.",
        "Die Polizei setzte Tränengas gegen die Menge vor dem Präsidentenpalast ein.",
    ],
    "pt": [
        "Homens armados atacaram um posto de controle perto da cidade na segunda-feira e mataram três soldados.",
        "Os manifestantes se reuniram no centro da capital para exigir a libertação dos estudantes detidos.",
        "Segundo as autoridades locais, pelo menos dois civis ficaram feridos nos confrontos.",
    ],
    "ar": ["هاجم مسلحون نقطة تفتيش قرب إدلب يوم الاثنين مما أسفر عن مقتل ثلاثة جنود بحسب الجيش."],
    "ru": ["Вооружённые люди напали на блокпост возле города в понедельник, убив трёх солдат, сообщила армия."],
}


@dataclass(frozen=True)
class Hostile:
    """One hostile input: a file name, its bytes, and how many documents a reader must account for."""

    kind: str
    name: str
    data: bytes
    documents: int = 1


def foreign_document(rng: random.Random, lang: str = "fr") -> str:
    sentences = FOREIGN[lang]
    return " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 8)))


def english_document(rng: random.Random) -> str:
    return "\n\n".join(rng.choice(ENGLISH) for _ in range(rng.randint(1, 3)))


def _jsonl(records: list[object]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=True) + "\n" for r in records).encode("ascii")


def _hostile(rng: random.Random, i: int, max_chars: int) -> Hostile:  # noqa: PLR0911, PLR0912
    kind = rng.choice(KINDS)
    en = english_document(rng)
    if kind == "binary":
        return Hostile(kind, f"bin{i}.txt", bytes(rng.randrange(256) for _ in range(rng.randint(1, 3000))))
    if kind == "utf16":
        return Hostile(kind, f"u16-{i}.txt", en.encode("utf-16"))
    if kind == "latin1":
        return Hostile(kind, f"lat{i}.txt", (en + " Café, naïve façade.").encode("latin-1"))
    if kind == "empty":
        return Hostile(kind, f"empty{i}.txt", rng.choice([b"", b"   \n\n\t ", b"\xef\xbb\xbf"]))
    if kind == "oversize":
        return Hostile(kind, f"big{i}.txt", (en + " ") .encode() * (max_chars // len(en) + 2))
    if kind == "nesting":
        depth = rng.choice([100, 1000, 5000, 100_000])
        return Hostile(kind, f"nest{i}.jsonl", b"[" * depth + b"]" * depth + b"\n")
    if kind == "nested_field":
        depth = rng.choice([10, 5000])
        return Hostile(kind, f"nestf{i}.jsonl", b'{"text": "x", "title": ' + b"[" * depth + b"]" * depth + b"}\n")
    if kind == "controls":
        noise = "".join(chr(rng.choice([1, 2, 7, 8, 11, 27, 127, 0x85, 0x9B])) for _ in range(200))
        return Hostile(kind, f"ctl{i}.txt", (en[:40] + noise + en).encode())
    if kind == "html":
        body = rng.choice([f"<p>{en}</p>", "<script>alert(1)</script>", f"<div><b>{en}</b><script>x()</script></div>"])
        return Hostile(kind, f"page{i}.html", f"<!DOCTYPE html><html><body>{body}</body></html>".encode())
    if kind == "foreign":
        lang = rng.choice(sorted(FOREIGN))
        return Hostile(kind, f"{lang}{i}.txt", foreign_document(rng, lang).encode())
    if kind == "surrogate":
        field = rng.choice(["text", "publisher", "title", "id"])
        record = {"id": f"s{i}", "text": en, field: (en if field == "text" else "x") + "\ud800"}
        return Hostile(kind, f"sur{i}.jsonl", _jsonl([record]))
    if kind == "bad_ids":
        ids = ["../escaped", "/tmp/abs-escape", "a" * 300, "nul\x00id", ".", "..", "con", "a/b/../../c", "\\..\\win"]
        return Hostile(kind, f"ids{i}.jsonl", _jsonl([{"id": x, "text": en} for x in ids]), len(ids))
    if kind == "formula":
        record = {"id": f"f{i}", "text": en, "publisher": rng.choice(["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\t=1"])}
        return Hostile(kind, f"form{i}.jsonl", _jsonl([record]))
    if kind == "types":
        records = [{"text": 42}, {"text": [en]}, {"text": en, "published": 20190806}, {"text": en, "id": {"a": 1}},
                   {"text": en, "published": "yesterday"}, [en], "text", None, {"text": en, "title": True}]
        return Hostile(kind, f"types{i}.jsonl", _jsonl(records), len(records))
    if kind == "jsonl_mixed":
        lines = [json.dumps({"text": en}), "not json at all", "{broken", json.dumps({"id": f"m{i}", "text": en}), "", "  "]
        return Hostile(kind, f"mixed{i}.jsonl", ("\n".join(lines) + "\n").encode(), 4)
    if kind == "long_line":
        return Hostile(kind, f"long{i}.jsonl", _jsonl([{"text": "y " * (max_chars * 4)}, {"text": en}]), 2)
    if kind == "no_newline":
        return Hostile(kind, f"nonl{i}.jsonl", json.dumps({"text": en}).encode())
    if kind == "bom_crlf":
        return Hostile(kind, f"crlf{i}.txt", b"\xef\xbb\xbf" + en.replace("\n", "\r\n").encode())
    if kind == "unicode":
        extra = rng.choice(["\u202e\u200f", "e\u0301" * 50, "\U0001F4A5" * 20, "\ufeff\u2028\u2029", "\u0000"])
        return Hostile(kind, f"uni{i}.txt", (en + extra + en).encode("utf-8", "surrogatepass"))
    if kind == "invalid_utf8":
        return Hostile(kind, f"inv{i}.txt", en.encode() + b"\xff\xfe\xc3\x28" + en.encode())
    return Hostile("english", f"ok{i}.txt", en.encode())


KINDS = ("binary", "utf16", "latin1", "empty", "oversize", "nesting", "nested_field", "controls", "html", "foreign",
         "surrogate", "bad_ids", "formula", "types", "jsonl_mixed", "long_line", "no_newline", "bom_crlf", "unicode",
         "invalid_utf8", "english")


def hostile_inputs(seed: int, count: int, *, max_chars: int = 20_000) -> list[Hostile]:
    rng = random.Random(seed)
    return [_hostile(rng, i, max_chars) for i in range(count)]


def write_tree(root: Path, inputs: list[Hostile], *, special: bool = True) -> int:
    """Write ``inputs`` under ``root`` (in a few sub-folders) plus, when ``special``, a dangling link, a link to a
    folder outside, a link to a file, a FIFO and an unsupported file. Returns how many documents it holds."""
    root.mkdir(parents=True, exist_ok=True)
    total = 0
    for n, item in enumerate(inputs):
        folder = root / f"part{n % 3}"
        folder.mkdir(exist_ok=True)
        (folder / item.name).write_bytes(item.data)
        total += item.documents
    if special:
        outside = root.parent / f"{root.name}-outside"
        outside.mkdir(exist_ok=True)
        (outside / "secret.txt").write_text(ENGLISH[0], encoding="utf-8")
        (root / "dangling.txt").symlink_to(root / "no-such-file.txt")
        (root / "outside-dir").symlink_to(outside, target_is_directory=True)
        (root / "linked.txt").symlink_to(outside / "secret.txt")
        (root / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
        (root / "report.json").write_text(json.dumps({"text": ENGLISH[1]}), encoding="utf-8")
        os.mkfifo(root / "pipe.txt")
        total += 6
    return total


# Hypothesis strategies -------------------------------------------------------------------------------------------

texts = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.builds(lambda parts: " ".join(parts), st.lists(st.sampled_from(ENGLISH + FOREIGN["fr"]), max_size=4)),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FF), max_size=200),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=50))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
article_fields = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=300), st.sampled_from(["../x", "/abs", ".", "..", "a\x00b"]), json_values),
        "text": st.one_of(texts, json_values),
        "title": st.one_of(st.text(max_size=50), json_values),
        "published": st.one_of(st.dates().map(str), st.text(max_size=20), json_values),
        "publisher": st.one_of(st.text(max_size=50), st.sampled_from(["=1+1", "@A1", "+x", "-y", "\ud800"])),
        "url": st.text(max_size=60),
    },
)
jsonl_lines = st.one_of(
    article_fields.map(lambda r: json.dumps(r, ensure_ascii=True)),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=True)),
    st.text(max_size=80),
    st.integers(1, 3000).map(lambda d: "[" * d + "]" * d),
)
