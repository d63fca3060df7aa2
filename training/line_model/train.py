"""Train the line model (transforms/reading/line_model.json) and report its site-wise cross-validation.

    python training/line_model/train.py [--data training/line_model/lines.csv] [--folds 5] [--write]

A logistic regression (numpy, L2, plain gradient descent: no learning library at run time, the
weights are a JSON file). Cross-validation holds out whole sites (every page of a site is in one
fold), so the score is that of a site the model never saw. Reported per fold and overall: line
accuracy, and the article found as the best run of lines (``article_run``), scored as word-weighted
precision and recall of article lines per page, averaged over pages.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from transforms.reading.lines import MODEL_PATH, THRESHOLD, densest_run  # noqa: E402

L2 = 1.0
STEPS = 3000
RATE = 0.5


def load(path: Path) -> tuple[list[dict], np.ndarray, np.ndarray, list[str]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = [k for k in rows[0] if k not in ("site", "form", "page", "line", "label")]
    x = np.array([[float(r[k]) for k in names] for r in rows])
    y = np.array([int(r["label"]) for r in rows], dtype=float)
    return rows, x, y, names


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    # balance the classes: a page has many more furniture lines than article lines
    weight = np.where(y == 1, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = weight * (p - y)
        w -= RATE * (z.T @ g / len(y) + L2 * w / len(y))
        b -= RATE * g.mean()
    return w, b, mean, scale


def chances(model: tuple, x: np.ndarray) -> np.ndarray:
    w, b, mean, scale = model
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ w + b)))


def page_scores(rows: list[dict], p: np.ndarray, y: np.ndarray, idx: np.ndarray) -> tuple[float, float]:
    pages: dict[tuple[str, str], list[int]] = {}
    for i in idx:
        pages.setdefault((rows[i]["form"], rows[i]["page"]), []).append(i)
    precisions, recalls = [], []
    for members in pages.values():
        words = [math.expm1(float(rows[i]["log_words"])) for i in members]
        a, b = densest_run(words, [p[i] for i in members])
        chosen = set(range(a, b))
        tp = sum(n for k, (n, i) in enumerate(zip(words, members, strict=True)) if k in chosen and y[i])
        fp = sum(n for k, (n, i) in enumerate(zip(words, members, strict=True)) if k in chosen and not y[i])
        fn = sum(n for k, (n, i) in enumerate(zip(words, members, strict=True)) if k not in chosen and y[i])
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 1.0)
    return float(np.mean(precisions)), float(np.mean(recalls))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).with_name("lines.csv"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", action="store_true", help=f"train on all rows and write {MODEL_PATH.name}")
    args = ap.parse_args()
    rows, x, y, names = load(args.data)
    sites = sorted({r["site"] for r in rows})
    fold_of = {site: k % args.folds for k, site in enumerate(sites)}
    folds = np.array([fold_of[r["site"]] for r in rows])
    p_all = np.zeros(len(y))
    for k in range(args.folds):
        train, test = np.where(folds != k)[0], np.where(folds == k)[0]
        p_all[test] = chances(fit(x[train], y[train]), x[test])
    for form in ("window", "page"):
        idx = np.array([i for i, r in enumerate(rows) if r["form"] == form])
        acc = float(((p_all[idx] > THRESHOLD) == (y[idx] == 1)).mean())
        prec, rec = page_scores(rows, p_all, y, idx)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"site-wise {args.folds}-fold CV, {form}: line_acc={acc:.3f} article_p={prec:.3f} article_r={rec:.3f} article_f1={f1:.3f}")
    if args.write:
        w, b, mean, scale = fit(x, y)
        model = {
            "about": "transforms/reading/lines.py line model: logistic regression over standardised features; "
            "trained by training/line_model/train.py on the pages dev split (window and page forms)",
            "features": names,
            "weights": [round(float(v), 6) for v in w],
            "bias": round(float(b), 6),
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
        }
        MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
