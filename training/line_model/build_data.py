"""Build the line model's training rows from the pages benchmark's dev split (../shared, read-only).

    python training/line_model/build_data.py [--shared ../shared] [--out training/line_model/lines.csv]

Each row is one line of a dev page, in its scraper form (window/) and its whole-page form (page/):
the page's site, the form, whether the line is article text (its normalised words are a
paragraph of the annotated article, or a sentence-sized piece of it), and the line's features
(``transforms/reading/lines.py``). Only numbers are written: no page text is copied.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from transforms.reading.decoding import decode_bytes  # noqa: E402
from transforms.reading.document import paragraphs  # noqa: E402
from transforms.reading.lines import FEATURES, line_features  # noqa: E402

FORMS = ("window", "page")


def norm(text: str) -> str:
    """Words only, case folded: how a line is matched to the annotated article."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def labels(lines: list[str], body: str) -> list[int]:
    """1 for a line that is article text: a whole paragraph of the annotated article, or a piece of
    it of four words or more (a page may break a paragraph in two)."""
    paras = {norm(p) for p in body.split("\n") if p.strip()}
    flat = " " + norm(body) + " "
    out = []
    for line in lines:
        key = norm(line)
        out.append(int(bool(key) and (key in paras or (len(key.split()) >= 4 and f" {key} " in flat))))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("lines.csv"))
    args = ap.parse_args()
    gold = json.loads((args.shared / "eval/gold/pages_dev.json").read_text(encoding="utf-8"))
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        names = [f"{part}{name}" for part in ("", "before_", "after_", "page_") for name in FEATURES]
        writer.writerow(["site", "form", "page", "line", "label", *names])
        for doc in gold["documents"]:
            site = doc["file"].split("/")[0]
            for form in FORMS:
                text, _ = decode_bytes((args.shared / "corpus/pages" / form / doc["file"]).read_bytes())
                lines = paragraphs(text)
                for i, (label, row) in enumerate(zip(labels(lines, doc["body"]), line_features(lines), strict=True)):
                    writer.writerow([site, form, doc["file"], i, label, *(round(x, 4) for x in row)])
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
