"""Which lines of a page are the article: a small learned line model, and the article as the best run of its lines.

Each line is described by a few numbers about its own shape (length, sentence end, share of
function words, capitals, digits, furniture shape) and the shape of the lines around it, and a
logistic regression gives the chance it is article text. The article is the run of lines with
the largest total excess of that chance over ``THRESHOLD`` (weighted by length): the densest
stretch of prose, wherever the page puts it. The weights are data (``line_model.json``), trained
on the pages benchmark's dev split by ``training/line_model/train.py``, which also reports its
site-wise cross-validation (docs/reading.md).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from transforms.lexicon import FUNCTION_WORDS
from transforms.reading.furniture import QUOTES, ends_like_prose, furniture_reason, is_label_line, is_prose
from transforms.reading.stamps import has_embedded_stamp

MODEL_PATH = Path(__file__).with_name("line_model.json")
THRESHOLD = 0.35  # a line adds to the article's run when its chance is above this
SURE = 0.9  # a line without a sentence end may open or close the article only at this chance
EDGE = 0.15  # a sentence under the run joins it down to this chance (the article goes on under an embedded post)
CONTEXT = 2  # lines either side whose shape a line's features include

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.U)
_SENTENCE_INSIDE = re.compile(r"[.!?][\"”’')\]]*\s+[A-Z“\"]")
_SEPARATORS = re.compile(r"\s[|/•·»›]\s|\s[|/•·»›]$|^[|/•·»›]\s")


def _own(line: str) -> list[float]:
    """The features of one line by itself."""
    words = line.split()
    n = len(words)
    letters = _WORD.findall(line)
    capital = sum(w[0].isupper() for w in letters) / len(letters) if letters else 0.0
    function = sum(w.casefold() in FUNCTION_WORDS for w in letters) / len(letters) if letters else 0.0
    digits = sum(c.isdigit() for c in line) / len(line) if line else 0.0
    return [
        math.log1p(n),
        float(ends_like_prose(line)),
        float(is_prose(line)),
        capital,
        function,
        digits,
        float("," in line),
        float(len(_SENTENCE_INSIDE.findall(line)) > 0),
        float(furniture_reason(line) is not None),
        float(is_label_line(line)),
        float(n <= 20 and has_embedded_stamp(line)),
        float(bool(_SEPARATORS.search(line))),
        float(bool(QUOTES.search(line))),
        float(bool(letters) and line.upper() == line),
        float(n <= 3),
    ]


FEATURES = (
    "log_words ends_like_prose is_prose capitalised function_words digits comma inner_sentence furniture_shape "
    "label_line stamp separators quotes all_caps three_words"
).split()


def line_features(lines: list[str]) -> list[list[float]]:
    """Per line: its own features, then the mean of each over the CONTEXT lines before and after it, then
    the page's mean (a page of short lines reads differently from a page of paragraphs)."""
    own = [_own(line) for line in lines]
    width = len(FEATURES)
    page_mean = [sum(f[k] for f in own) / len(own) for k in range(width)] if own else [0.0] * width
    rows = []
    for i, features in enumerate(own):
        before = own[max(0, i - CONTEXT) : i]
        after = own[i + 1 : i + 1 + CONTEXT]
        mean_before = [sum(f[k] for f in before) / len(before) if before else 0.0 for k in range(width)]
        mean_after = [sum(f[k] for f in after) / len(after) if after else 0.0 for k in range(width)]
        rows.append(features + mean_before + mean_after + page_mean)
    return rows


@lru_cache(maxsize=1)
def _model() -> tuple[list[float], float, list[float], list[float]]:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return data["weights"], data["bias"], data["mean"], data["scale"]


def article_chances(lines: list[str]) -> list[float]:
    """The model's chance that each line is article text."""
    weights, bias, mean, scale = _model()
    chances = []
    for row in line_features(lines):
        z = bias + sum(w * (x - m) / s for w, x, m, s in zip(weights, row, mean, scale, strict=True))
        chances.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
    return chances


def densest_run(words: list[float], chances: list[float]) -> tuple[int, int]:
    """[start, end) of the run of lines with the largest total (chance - THRESHOLD) x log(1 + words)."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, (n, chance) in enumerate(zip(words, chances, strict=True)):
        if total <= 0:
            total, start = 0.0, i
        total += (chance - THRESHOLD) * math.log1p(n)
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def article_run(lines: list[str], chances: list[float]) -> tuple[int, int]:
    """[start, end) of the article: the densest run, its edges mended (see the module docstring)."""
    first, last = densest_run([len(line.split()) for line in lines], chances)
    if first == last:
        return first, last
    while last > first and not ends_like_prose(lines[last - 1]) and chances[last - 1] < SURE:
        last -= 1  # an article ends on a sentence: headlines and labels under it are the page's
    while first < last and not ends_like_prose(lines[first]) and chances[first] < SURE:
        first += 1
    while first > 0 and is_prose(lines[first - 1]):
        first -= 1  # the lede under a block of share buttons reads as furniture by its neighbours
    k = last
    while k < len(lines) and (is_prose(lines[k]) or furniture_reason(lines[k]) is not None):
        if is_prose(lines[k]) and chances[k] >= EDGE:
            last = k + 1  # the article goes on past an embedded post or a share line
        k += 1
    return first, last
