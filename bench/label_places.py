"""Add labelled snippets to ``bench/data/labelled_places.yaml`` from a short authoring file.

    python bench/label_places.py new.yaml            # check and print the full entries
    python bench/label_places.py new.yaml --append   # append them to bench/data/labelled_places.yaml

The authoring file lists snippets we wrote ourselves, each with its toponyms as ``name|CC|kind[|hint]``:
``kind`` is city, town, village, admin1, country, region or landmark (as in the labelled file's header); ``hint``
is the admin-1 unit that tells same-named places of one country apart ("Minnesota"), or ``@lat,lon`` for a
place the gazetteer lacks. The point and GeoNames id are taken from the gazetteer (the biggest match of that
country, kind and admin-1 unit), so the coordinates need not be typed; a toponym the gazetteer cannot place
without a ``@lat,lon`` is an error, listed. Ids continue the labelled file's numbering.
"""

from __future__ import annotations

import argparse
import re
import sys

import yaml
from evalkit import ROOT, load_pipeline

DATA = ROOT / "bench" / "data" / "labelled_places.yaml"
KINDS = {"city": ("populated_place",), "town": ("populated_place",), "village": ("populated_place",),
         "admin1": ("admin1",), "country": ("country",), "region": ("region", "admin1", "populated_place"),
         "landmark": ("populated_place", "region")}


def place_of(gazetteer, countries, spec: str) -> tuple[dict | None, str]:
    """The labelled-file entry for one ``name|CC|kind[|hint]``, or None and why not."""
    from conflictlens.geo.names import name_key

    parts = [p.strip() for p in spec.split("|")]
    name, code, kind = parts[:3]
    hint = parts[3] if len(parts) > 3 else ""
    entry = {"name": name, "geonameid": None, "lat": None, "lon": None, "country": code, "kind": kind}
    point = re.fullmatch(r"@(-?[\d.]+),\s*(-?[\d.]+)", hint)
    if point:
        entry["lat"], entry["lon"] = round(float(point.group(1)), 4), round(float(point.group(2)), 4)
        return entry, ""
    if kind == "country" and code in countries and countries[code].lat is not None:
        entry["lat"], entry["lon"] = countries[code].lat, countries[code].lon
        return entry, ""
    looked = re.sub(r"\s+(province|state|region|governorate|oblast|county|district)$", "", name, flags=re.IGNORECASE)
    hits = [e for e in gazetteer.by_key(name_key(looked)) if e.country_code == code and e.kind in KINDS[kind]
            and e.latitude is not None]
    if hint:
        hits = [e for e in hits if hint.lower() in (e.admin1 or gazetteer.admin1_name(code, e.admin1_code)).lower()]
    if not hits:
        return None, f"{spec}: not in the gazetteer (give @lat,lon)"
    best = max(hits, key=lambda e: (KINDS[kind].index(e.kind) * -1, e.population))
    entry.update(geonameid=best.geonameid, lat=round(best.latitude, 4), lon=round(best.longitude, 4))
    return entry, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="authoring file (YAML list of {text, places: [name|CC|kind[|hint]], tags})")
    parser.add_argument("--append", action="store_true", help="append to bench/data/labelled_places.yaml")
    args = parser.parse_args(argv)
    pipeline = load_pipeline()
    gazetteer, countries = pipeline.resources.gazetteer, pipeline.resources.countries
    existing = yaml.safe_load(DATA.read_text(encoding="utf-8")) or []
    number = max(int(s["id"][1:]) for s in existing) if existing else 0
    out, errors = [], []
    with open(args.source, encoding="utf-8") as f:
        items = yaml.safe_load(f)
    for item in items:
        number += 1
        snippet = {"id": f"p{number:03d}", "text": item["text"]}
        if item.get("tags"):
            snippet["tags"] = item["tags"]
        if item.get("not_places"):
            snippet["not_places"] = item["not_places"]
        places = []
        for spec in item.get("places") or []:
            if spec.split("|")[0] not in item["text"]:
                errors.append(f"p{number:03d}: {spec.split('|')[0]!r} is not in the text")
                continue
            entry, why = place_of(gazetteer, countries, spec)
            if entry is None:
                errors.append(f"p{number:03d}: {why}")
            else:
                places.append(entry)
        snippet["places"] = places
        out.append(snippet)
    for line in errors:
        print(line, file=sys.stderr)
    body = yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=120)
    if args.append and not errors:
        with DATA.open("a", encoding="utf-8") as f:
            f.write("\n" + body)
        print(f"appended {len(out)} snippets ({sum(len(s['places']) for s in out)} toponyms)", file=sys.stderr)
    elif not args.append:
        print(body)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
