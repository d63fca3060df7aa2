"""Entity mentions -> canonical actors of one document.

spaCy's small model cuts names short, types surnames as places, keeps the
possessive 's and misses organisations such as "the Gulf Cartel". The rules
here repair those errors with general English-news conventions (titles precede
names, a bare surname refers to the full name used earlier, an acronym in
brackets names the organisation before it) and fold every mention of one actor
into one ``Actor`` whose id depends only on its canonical name
(``transforms/records.py: actor_key``), so the same person is one row across documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import POS
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span, Token

from transforms.gazetteer import country_name, country_of_capital, fold, party_name, state_name
from transforms.lexicon import (
    CAPITAL_PARTNERS,
    CHANNEL_CARRIES,
    COMPANY_NOUNS,
    DEPARTMENT_HEADS,
    DETERMINERS,
    EMPLOYER_JOBS,
    GROUP_NOUNS,
    HONORIFIC_WORDS,
    HONORIFICS,
    HONORIFICS_FEMALE,
    HONORIFICS_MALE,
    HONOURS,
    HOW_MANY,
    KIN_FEMALE,
    KIN_MALE,
    KINDS_OF_WORK,
    NAME_PREPOSITIONS,
    OF_A_WORK,
    OPPOSITION_NOUNS,
    ORG_DESCRIPTORS,
    ORG_HEADS,
    PERFORM_VERBS,
    POSSESSIVE_MARKS,
    RULE_NOUNS,
    SMALL_TITLE_WORDS,
    STATE_ACTS,
    STATE_BODIES,
    TITLE_WORDS,
    WORK_NOUNS,
)
from transforms.records import TYPE_PREFERENCE, Actor, actor_key  # noqa: F401 - actor_key: the id scheme, used with the index
from transforms.syntax import document_text, entities, positions, sentence_of, word_ids

ENTITY_TYPES = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
    "NORP": "group",
}

_HONORIFIC_FORMS = word_ids(form for h in HONORIFIC_WORDS for form in (h, h + "."))  # 'mr', 'mr.'


_ORG_HEAD_IDS = word_ids(ORG_HEADS)


_NAME_OK = re.compile(r"[A-Z]")


@dataclass
class Mention:
    """One surface mention of an actor: token span and its cleaned text."""

    start: int  # token index
    end: int  # token index (exclusive)
    text: str
    actor_type: str
    label: str
    role: str | None = None
    gender: str | None = None


class ActorIndex:
    """The actors of one document and which tokens mention which actor."""

    def __init__(self, document_id: str = "") -> None:
        self.document_id = document_id  # the scope of the document's unnamed groups (``add(..., scoped=True)``)
        self.actors: dict[str, Actor] = {}
        self.token_actor: dict[int, str] = {}
        self.mentions: list[tuple[int, int, str]] = []  # (start token, end token, actor_id)

    def actor_at(self, token_i: int) -> Actor | None:
        actor_id = self.token_actor.get(token_i)
        return self.actors.get(actor_id) if actor_id else None

    def actor_in(self, start: int, end: int, types: tuple[str, ...] | None = None) -> Actor | None:
        """The first actor mentioned in the token range [start, end), optionally of given types."""
        for i in range(start, end):
            actor = self.actor_at(i)
            if actor and (types is None or actor.actor_type in types):
                return actor
        return None

    def add(self, name: str, actor_type: str, *, offset: int, alias: str | None = None, scoped: bool = False) -> Actor:
        """Register (or find) the actor with this canonical name (its first type stays its type in this document).

        ``scoped``: a group the text names by a common noun only ('officials', 'the government',
        'critics'): "officials" in two stories are not one body, so its id is this document's."""
        if scoped:
            name = name.lower()  # common words only: 'Analysts' opening a sentence is 'analysts'
        actor_id = actor_key(name, self.document_id if scoped else None)
        actor = self.actors.get(actor_id)
        if actor is None:
            actor = Actor(actor_id=actor_id, canonical_name=name, actor_type=actor_type, first_offset=offset, document_scoped=scoped)
            self.actors[actor_id] = actor
        actor.aliases.add(alias or name)
        return actor

    def speaker(self, name: str, kind: str, start: int, end: int, *, offset: int, scoped: bool) -> Actor:
        """The actor of a speaker the entity model did not give ('opposition parties', 'a police source'),
        mentioned at tokens [start, end)."""
        actor = self.add(name, kind, offset=offset, scoped=scoped)
        actor.mention_count += 1
        self.link(start, end, actor)
        return actor

    def link(self, start: int, end: int, actor: Actor) -> None:
        for i in range(start, end):
            self.token_actor[i] = actor.actor_id
        self.mentions.append((start, end, actor.actor_id))


def names_no_one(span: Span) -> bool:
    """A noun phrase made of common words only ('officials', 'some analysts', 'the government'):
    nothing in it says whose, unlike 'Mexican officials' or 'the UK government'."""
    return not any(
        t.pos_ == "PROPN"
        or t.ent_type_ in ("NORP", "GPE", "ORG", "PERSON", "LOC", "FAC")
        # a capital mid-sentence names someone, unless on a group noun where a full stop went missing ('in jail Analysts said')
        or (t.text[:1].isupper() and not t.is_sent_start and not (t.pos_ == "NOUN" and t.lower_ in GROUP_NOUNS))
        for t in span
    )


# ---------------------------------------------------------------------------- mentions


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners/titles' punctuation and a trailing possessive from a span."""
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct or doc[start].text in ("'s", "’s")):
        start += 1  # "the group's Valley network" tagged from the possessive on
    # An article inside a span starts the name: 'Independent the Whigs' -> 'Whigs'; but not after a
    # preposition of the name itself ('Valley Institute of the Sea', 'Museum of the Moon').
    for i in range(start + 1, end - 1):
        if doc[i].lower_ == "the" and doc[i - 1].lower_ not in NAME_PREPOSITIONS:
            start = i + 1
    # A date swept into a name ('Tuesday Mr Smith').
    while start < end and doc[start].ent_type_ in ("DATE", "TIME"):
        start += 1
    # 'World Health Organization (WHO': the bracketed acronym is an alias, found separately;
    # a spaced dash or a comma ends a name ('Jane Doe - moved').
    # a possessive ends one too ("Hollis's 2016 budget" -> 'Hollis'), and so does a relative pronoun ('Valley Press that').
    for i in range(start + 1, end):
        if doc[i].text in ("(", ",", ";", '"', "“", "”") or (doc[i].text in ("-", "–", "—", "'", "‘") and doc[i - 1].whitespace_):
            end = i
            break
        if (doc[i - 1].text in ("'s", "’s") and not doc[i].text[:1].isupper()) or doc[i].lower_ in ("that", "which", "who"):
            end = i
            break
    while end > start and (doc[end - 1].text in POSSESSIVE_MARKS or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _extend_person(doc: Doc, start: int, end: int, taken: set[int]) -> int:
    """Grow a PERSON span over following capitalised name tokens the model left out ('Maria Luisa' + 'Fernández')."""
    while end < len(doc) and end - start < 5:
        tok, prev = doc[end], doc[end - 1]
        if (
            end in taken
            or not prev.whitespace_
            or tok.pos_ != "PROPN"
            or not tok.text[:1].isupper()
            or not tok.text.replace("-", "").isalpha()
            or tok.lower_ in TITLE_WORDS
        ):
            break
        end += 1
    return end


def _in_heading(doc: Doc, text: str, start: int, end: int) -> bool:
    """True when the span sits on a short line with no sentence punctuation (a subhead).

    ``text`` is ``doc.text``, passed in: spaCy rebuilds it from every token on each access."""
    line_start = text.rfind("\n", 0, doc[start].idx) + 1
    line_end = text.find("\n", doc[end - 1].idx)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    return len(line.split()) <= 4 and not line.endswith((".", "!", "?", '"', "”"))


def _is_title_part(doc: Doc, start: int, end: int, persons: list[tuple[int, int]]) -> bool:
    """An ORG/GPE inside an office title right before a name ('Homeland Security Secretary X'); not a
    body named in full ('Teachers Association President X': the association is an actor)."""
    if doc[end - 1].lower_ in ORG_HEADS:
        return False
    for p_start, _ in persons:
        if p_start < end or p_start - end > 4:
            continue
        between = doc[end:p_start]
        if all(t.lower_ in TITLE_WORDS or t.is_punct or t.text[:1].isupper() for t in between) and any(
            t.lower_ in TITLE_WORDS for t in between
        ):
            return True
    return False


def _role_before(doc: Doc, start: int) -> tuple[str | None, str | None]:
    """(role, gender) from the title words right before a name: 'Attorney General Jane Doe'."""
    i = start - 1
    words: list[Token] = []
    while i >= 0 and (doc[i].lower_ in TITLE_WORDS or (doc[i].text[:1].isupper() and doc[i].pos_ in ("PROPN", "NOUN", "ADJ"))):
        if doc[i].is_sent_start and doc[i].lower_ not in TITLE_WORDS | HONORIFICS:
            break  # 'Police Chief Jane Doe' opening a sentence: the role is 'Chief'; but 'Mrs. Doe' is a woman
        words.insert(0, doc[i])
        if doc[i].is_sent_start:
            break
        i -= 1
    gender = None
    if words and words[-1].lower_ in HONORIFICS_MALE:
        gender = "m"
    elif words and words[-1].lower_ in HONORIFICS_FEMALE:
        gender = "f"
    # The role is the run of title words, less honorifics, nationality words and articles.
    role_tokens = [t for t in words if t.lower_ not in HONORIFICS and t.ent_type_ not in ("NORP", "GPE")]
    while role_tokens and role_tokens[0].lower_ in {"the", "of", "and", "former", "a", "an"}:
        role_tokens = role_tokens[1:]
    # 'Farm Bureau President': the body is an actor of its own (_bodies_before_titles); the role is the office.
    bodies = [n for n, t in enumerate(role_tokens) if t.lower_ in ORG_HEADS and t.text[:1].isupper()]
    if bodies and bodies[-1] < len(role_tokens) - 1:
        role_tokens = role_tokens[bodies[-1] + 1 :]
    role = (
        " ".join(t.text for t in role_tokens)
        if role_tokens and any(t.lower_ in TITLE_WORDS - {"the", "of", "and", "for"} for t in role_tokens)
        else None
    )
    return role, gender


def _role_apposition(doc: Doc, start: int, end: int) -> str | None:
    """Role from an apposition: 'Jane Doe, his lawyer,' -> 'lawyer'."""
    head = doc[start:end].root
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            mods = [t for t in child.lefts if t.dep_ in ("compound", "amod") and t.pos_ in ("NOUN", "ADJ")]
            return " ".join([t.text for t in mods] + [child.text])
    return None


_DATE_WORDS = re.compile(
    r"(?i)(january|february|march|april|may|june|july|august|september|october|november|december)|"
    r"(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?|(mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"christmas|easter|spring|summer|autumn|fall|winter|today|tomorrow|yesterday|tonight|ramadan|diwali|hanukkah|"
    r"(mon|tues|wednes|thurs|fri|satur|sun)days|weekends?"
)


def _acts(tok: Token) -> bool:
    """Whether a capital acts as its state: the subject or owner in its clause ('Washington warned', "Beijing's move"),
    coordinated with a government, or what a people is ruled by or opposes ('rule under Moscow')."""
    partners = [c for c in tok.children if c.dep_ == "conj"] + ([tok.head] if tok.dep_ == "conj" else [])
    if any(p.lemma_.lower() in CAPITAL_PARTNERS for p in partners):
        return True  # 'talks between the regional government and Rome'
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head  # 'Washington and the Taliban had been holding talks'
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return tok.head.pos_ == "VERB" and tok.head.lemma_ != "be"  # 'Berlin welcomed'; not 'London is the same'
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        prep, ruled = tok.head.lower_, tok.head.head.lemma_.lower()
        return prep == "against" and ruled in OPPOSITION_NOUNS or prep == "under" and ruled in RULE_NOUNS
    # "Washington's move", not "London's Trafalgar Square" or "London's Olympic bid"
    return tok.dep_ == "poss" and tok.head.lemma_.lower() in STATE_ACTS


def _surnames_read_as_dates(doc: Doc) -> list[Span]:
    """'Canadian Ann Decades': a first name and a capitalised word the model read as a date ('Decades')."""
    found = []
    for ent in entities(doc):
        if ent.label_ != "DATE" or len(ent) != 1 or ent.start == 0 or not ent[0].is_title or _DATE_WORDS.fullmatch(ent.text):
            continue
        first = doc[ent.start - 1]
        if first.pos_ == "PROPN" and first.is_title and not first.ent_type_ and not first.is_sent_start:
            found.append(Span(doc, ent.start - 1, ent.end, label="PERSON"))
    return found


@dataclass
class Candidate:
    """An entity span under repair: token offsets, the type the rules give it and the type the model gave."""

    start: int
    end: int
    label: str
    model_label: str
    entity: Span | None = None  # the model's entity it came from


@dataclass
class MentionScan:
    """What the mention rules of one document share: the entities, the type votes, and what is found so far."""

    doc: Doc
    ents: list[Span]
    votes: dict[str, str]
    honoured: set[str]  # surnames the text gives an honorific ('Mrs Price')
    persons: list[tuple[int, int]] = field(default_factory=list)  # person spans so far (the title rules read them)
    raw: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, label) of every repaired span
    taken: set[int] = field(default_factory=set)  # tokens a span covers
    text: str = ""  # the document's text (spaCy rebuilds doc.text on each access)
    works: set[str] = field(default_factory=set)  # folded names of the works the text names

    def add(self, start: int, end: int, label: str) -> None:
        self.raw.append((start, end, label))
        self.taken.update(range(start, end))


# ---- type repairs: (scan, candidate) -> a better label, or None. In order: each reads the label the last one left.


def _honorific_is_person(scan: MentionScan, c: Candidate) -> str | None:
    """'Mr Smith' is a person whatever the model typed it."""
    if c.start < c.end - 1 and scan.doc[c.start].lower_.rstrip(".") in HONORIFIC_WORDS:
        return "PERSON"
    return None


def _honoured_surname_is_person(scan: MentionScan, c: Candidate) -> str | None:
    """'Ann Price' typed a place or body, when the text also says 'Mrs Price'."""
    last = scan.doc[c.end - 1]
    if c.label in ("ORG", "GPE") and fold(last.text) in scan.honoured and last.lower_ not in ORG_HEADS:
        return "PERSON"
    return None


def _office_before_name_is_person(scan: MentionScan, c: Candidate) -> str | None:
    """'spokesman Jane Doe': a lower-case office right before two or three proper nouns names a person."""
    doc, start, end = scan.doc, c.start, c.end
    if c.label not in ("ORG", "GPE") or not 1 < end - start <= 3 or start == 0:
        return None
    office = doc[start - 1]
    if not (office.is_lower and office.tag_ == "NN" and office.lower_ in TITLE_WORDS):
        return None
    if all(t.pos_ == "PROPN" for t in doc[start:end]) and doc[end - 1].lower_ not in ORG_HEADS:
        return "PERSON"
    return None


def _described_as_a_body(scan: MentionScan, c: Candidate) -> str | None:
    """'telecoms giant Acme', 'his club Real Norte', 'the Hollis investment bank': a name the text describes as a
    body is one (a person's full name or a country stays what it is)."""
    doc, start, end = scan.doc, c.start, c.end
    before = doc[start - 1] if start > 0 else None
    described = before is not None and before.is_lower and before.lemma_.lower() in ORG_DESCRIPTORS
    last = doc[end - 1]
    modifies = last.dep_ == "compound" and last.head.is_lower and last.head.lemma_.lower() in ORG_DESCRIPTORS
    full_name = c.label == "PERSON" and end - start > 1 and not modifies
    if c.label in ("PERSON", "GPE", "LOC") and (described or modifies) and not full_name and not country_name(doc[start:end].text):
        return "ORG"
    return None


def _titled_name_is_person(scan: MentionScan, c: Candidate) -> str | None:
    """'Treasurer Jane Doe': titles swept into a name of proper nouns make it a person, the titles its role;
    not when the name ends as a body's does ('General Motors Acceptance Corp')."""
    doc, titled = scan.doc, c.start
    while titled < c.end - 2 and doc[titled].lower_ in TITLE_WORDS | HONORIFICS:
        titled += 1
    if titled > c.start and all(t.pos_ == "PROPN" for t in doc[titled : c.end]) and doc[c.end - 1].lower_.rstrip(".") not in ORG_HEADS:
        c.start = titled
        return "PERSON"
    return None


TYPE_REPAIRS = (
    _honorific_is_person,
    _honoured_surname_is_person,
    _office_before_name_is_person,
    _described_as_a_body,  # after the person rules: a described full name stays a person
    _titled_name_is_person,
)


# ---- span repairs: (scan, candidate) -> None, moving the candidate's ends. In order, after the type repairs.


def _person_name_alone(scan: MentionScan, c: Candidate) -> None:
    """A person's span loses its titles and grows over name tokens the model left out ('Maria Luisa' + 'Fernández');
    'John Roe & Jane Doe' are two people."""
    if c.label != "PERSON":
        return
    doc = scan.doc
    while c.start < c.end - 1 and doc[c.start].lower_ in TITLE_WORDS | HONORIFICS:
        c.start += 1
    others = {i for e in scan.ents if e is not c.entity for i in range(e.start, e.end)}
    c.end = _extend_person(doc, c.start, c.end, others)
    for k in range(c.start + 1, c.end - 1):
        if doc[k].lower_ in ("and", "&"):
            scan.add(k + 1, c.end, "PERSON")
            scan.persons.append((k + 1, c.end))
            c.end = k
            break
    scan.persons.append((c.start, c.end))


def _body_named_after_a_place(scan: MentionScan, c: Candidate) -> None:
    """'UN Economic Commission' + 'for Latin America': a body's name goes on over the place it is for."""
    doc, end = scan.doc, c.end
    if c.label == "ORG" and end + 1 < len(doc) and doc[end].lower_ in ("for", "of") and doc[end + 1].ent_type_ in ("GPE", "LOC"):
        end += 1
        while end < len(doc) and doc[end].ent_type_ in ("GPE", "LOC"):
            end += 1
        c.end = end


def _name_and_body_noun(scan: MentionScan, c: Candidate) -> None:
    """'Gulf cartel', 'US government', 'Mexican government': a name plus a lower-case organisation noun is a body."""
    doc, end = scan.doc, c.end
    if c.label not in ("GPE", "ORG", "NORP") or end >= len(doc) or not doc[end - 1].text[:1].isupper():
        return
    nouns = STATE_BODIES if c.label == "NORP" else ORG_HEADS
    if doc[end].lower_ in nouns and doc[end].text.islower():
        c.end, c.label = end + 1, "ORG"


def _party_name_leftwards(scan: MentionScan, c: Candidate) -> None:
    """'Liberal' + 'Democrats': the model often tags only the last word of a party's name."""
    doc = scan.doc
    if c.label != "NORP":
        return
    while c.start > 0 and doc[c.start - 1].pos_ == "PROPN" and doc[c.start - 1].text[:1].isupper() and not doc[c.start - 1].ent_type_:
        c.start -= 1


def _plural_group_is_a_body(scan: MentionScan, c: Candidate) -> None:
    """'Liberal Democrats', 'Lib Dems': a plural multi-word group name is a party or body."""
    if c.label == "NORP" and c.end - c.start > 1 and scan.doc[c.end - 1].tag_ == "NNPS":
        c.label = "ORG"


SPAN_REPAIRS = (
    _person_name_alone,
    _body_named_after_a_place,
    _name_and_body_noun,
    _party_name_leftwards,
    _plural_group_is_a_body,
)


# ---- bodies no entity covers: (scan) -> token spans, each an ORG. After the repairs: they read its persons.


def _bodies_by_their_head(scan: MentionScan) -> list[tuple[int, int]]:
    """Proper-noun phrases ending in an organisation word the model missed: 'the Gulf Cartel'."""
    doc, found = scan.doc, []
    heads = [i for i in positions(doc, _ORG_HEAD_IDS) if i not in scan.taken and doc[i].text[:1].isupper()]
    for chunk in doc.noun_chunks if heads else ():  # (noun chunks cost a walk of the parse; most pages have no such head)
        root = chunk.root
        if root.lower_ not in ORG_HEADS or not root.text[:1].isupper() or root.i in scan.taken:
            continue
        start = root.i
        while start > chunk.start and doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ"):
            start -= 1
        if start < root.i and not any(i in scan.taken for i in range(start, root.i + 1)):
            found.append((start, root.i + 1))
            scan.taken.update(range(start, root.i + 1))
    return found


def _employers_and_bodies_of_offices(scan: MentionScan) -> list[tuple[int, int]]:
    """'an analyst at Acme Capital', 'Ohio Nurses Association President Mary Kline': bodies a job or an office names
    (both read the tokens taken before either is added)."""
    return _employers_the_model_missed(scan.doc, scan.taken) + _bodies_before_titles(scan.doc, scan.persons, scan.taken)


MISSED_BODIES = (
    _employers_and_bodies_of_offices,
    _bodies_by_their_head,  # last: a phrase the others took is not read again
)


# ---- filters: (scan, candidate, text) -> True when the span is no actor. Any one drops it.


def _no_name(scan: MentionScan, c: Candidate, text: str) -> bool:
    """No capital, one character, or a number: not a name."""
    return not _NAME_OK.search(text) or len(text) < 2 or scan.doc[c.start].is_digit


def _in_a_subhead(scan: MentionScan, c: Candidate, text: str) -> bool:
    """On a short line with no sentence punctuation: a subhead names a topic, not an actor."""
    return _in_heading(scan.doc, scan.text, c.start, c.end)


def _titles_alone(scan: MentionScan, c: Candidate, text: str) -> bool:
    """'Minister', 'the Chairman', a lone 'Association': title words or a body noun with no name."""
    span = scan.doc[c.start : c.end]
    return all(t.lower_ in TITLE_WORDS for t in span) or (len(span) == 1 and span[0].lower_ in ORG_HEADS)


def _an_adjective(scan: MentionScan, c: Candidate, text: str) -> bool:
    """An adjective ('Welsh') is not an actor on its own."""
    return c.end - c.start == 1 and scan.doc[c.start].tag_ == "JJ"


def _an_honour(scan: MentionScan, c: Candidate, text: str) -> bool:
    """'made an OBE': an honour, not a body."""
    return text in HONOURS


def _a_department_of_an_employer(scan: MentionScan, c: Candidate, text: str) -> bool:
    """'Head of Equity Research at Acme': part of a job title, not a body of its own."""
    return c.label == "ORG" and _a_department(scan.doc, c.start, c.end)


def _a_work(scan: MentionScan, c: Candidate, text: str) -> bool:
    """A film, show, book or game the text names, wherever it is mentioned."""
    return fold(text) in scan.works


def _part_of_an_office(scan: MentionScan, c: Candidate, text: str) -> bool:
    """'Homeland Security' in 'Homeland Security Secretary Jane Doe': part of the office's title."""
    return c.label in ("ORG", "GPE") and _is_title_part(scan.doc, c.start, c.end, scan.persons)


def _a_nationality(scan: MentionScan, c: Candidate, text: str) -> bool:
    """'British', 'Mexicans': nationality words become actors only as speakers (see statements); a party's
    name ('the Tories', 'Democrats') is a body."""
    return c.label == "NORP" and not party_name(text)


NOT_AN_ACTOR = (
    _no_name,
    _in_a_subhead,
    _titles_alone,
    _an_adjective,
    _an_honour,
    _a_department_of_an_employer,
    _a_work,
    _part_of_an_office,
    _a_nationality,
)


def _repaired(scan: MentionScan, ent: Span) -> Candidate | None:
    """One entity through the type and span repairs, or None when trimming leaves nothing."""
    start, end = _trim(scan.doc, ent.start, ent.end)
    if start >= end:
        return None
    c = Candidate(start, end, scan.votes.get(fold(scan.doc[start:end].text), ent.label_), ent.label_, ent)
    for repair in TYPE_REPAIRS:
        c.label = repair(scan, c) or c.label
    for step in SPAN_REPAIRS:
        step(scan, c)
    if c.label == "PERSON" and c.model_label != "PERSON":
        scan.persons.append((c.start, c.end))  # (a second entry: the title rules count each)
    return c


def _candidate_mentions(doc: Doc) -> list[Mention]:
    """Entity spans, repaired and typed, before folding into actors: each entity through TYPE_REPAIRS and
    SPAN_REPAIRS, then the MISSED_BODIES, then every span through the NOT_AN_ACTOR filters."""
    ents = sorted([e for e in entities(doc) if e.label_ in ENTITY_TYPES] + _surnames_read_as_dates(doc), key=lambda e: e.start)
    scan = MentionScan(doc, ents, _label_votes(doc, ents), _honorific_surnames(doc))
    for ent in ents:
        if (c := _repaired(scan, ent)) is not None:
            scan.add(c.start, c.end, c.label)
    for find in MISSED_BODIES:
        for start, end in find(scan):
            scan.add(start, end, "ORG")
    scan.text, scan.works = document_text(doc), _work_titles(doc, scan.raw)
    mentions = []
    for start, end, label in sorted(scan.raw):
        c = Candidate(_after_the_department(doc, start, end, label), end, label, label)
        text = re.sub(r"^(U\.S\.|U\.K\.)(?= )", lambda m: m.group(1).replace(".", ""), doc[c.start : end].text.strip())
        if any(drop(scan, c, text) for drop in NOT_AN_ACTOR):
            continue
        mentions.append(_mention(doc, c, text))
    return mentions


def _after_the_department(doc: Doc, start: int, end: int, label: str) -> int:
    """'Head of Research at Acme Securities' tagged from 'Research' on starts at 'Acme Securities'."""
    if label != "ORG":
        return start
    inner = next((k for k in range(start + 1, end - 1) if doc[k].lower_ == "at"), None)
    if inner is not None and _a_department(doc, start, inner):
        return inner + 1
    return start


def _mention(doc: Doc, c: Candidate, text: str) -> Mention:
    """The mention of a kept span: a party's name is a body; a person gets the role and gender the text gives."""
    label = "ORG" if c.label == "NORP" else c.label  # (only a party's name is left as NORP: see _a_nationality)
    role = gender = None
    if label == "PERSON":
        role, gender = _role_before(doc, c.start)
        role = role or _role_apposition(doc, c.start, c.end)
    return Mention(c.start, c.end, text, ENTITY_TYPES[label], label, role, gender)


def _bodies_before_titles(doc: Doc, persons: list[tuple[int, int]], taken: set[int]) -> list[tuple[int, int]]:
    """The body a title before a name belongs to, when no entity covers it: 'Ohio State Nurses
    Association President Mary Kline' -> 'Ohio State Nurses Association' (its place included)."""
    found = []
    for start, _end in persons:
        k = start
        while k > 0 and doc[k - 1].lower_ in TITLE_WORDS and doc[k - 1].text[:1].isupper():
            k -= 1
        if k == start or k == 0 or doc[k - 1].lower_ not in ORG_HEADS or not doc[k - 1].text[:1].isupper():
            continue
        b = k - 1
        while b > 0 and not doc[b].is_sent_start and doc[b - 1].text[:1].isupper() and doc[b - 1].pos_ in ("PROPN", "NOUN", "ADJ"):
            b -= 1
        if b < k - 1 and not any(i in taken for i in range(b, k)):
            found.append((b, k))
    return found


def _employers_the_model_missed(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Capitalised names after '<job> at' that no entity covers: 'an analyst at Acme Capital',
    'Head of Research at Valley Securities' (the job says the name is an employer)."""
    found = []
    for i in positions(doc, _AT):
        k = i - 1
        if k >= 2 and doc[k].text[:1].isupper() and doc[k].pos_ == "PROPN":  # 'Head of Research at'
            while k > 0 and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper():
                k -= 1
            k = k - 1 if doc[k].lower_ == "of" else i - 1
        if doc[k].lower_ not in EMPLOYER_JOBS or not _describes_a_person(doc, k):
            continue
        start = i + 2 if i + 2 < len(doc) and doc[i + 1].lower_ == "the" else i + 1
        end = start
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and end not in taken:
            end += 1
        if end > start and not any(doc[j].ent_type_ for j in range(start, end)):
            found.append((start, end))
    return found


def _describes_a_person(doc: Doc, job: int) -> bool:
    """Whether the job at ``job`` stands in apposition to a person: 'Jane Roe, chief economist at ...'."""
    k = job - 1
    while k > 0 and job - k <= 4 and doc[k].text != "," and doc[k].pos_ in ("DET", "ADJ", "NOUN", "PROPN"):
        k -= 1
    return k > 0 and doc[k].text == "," and doc[k - 1].ent_type_ == "PERSON"


_AT = word_ids(["at"])


def _a_department(doc: Doc, start: int, end: int) -> bool:
    """Whether a name is the department in a job title: '<head> of <name> at <employer>'."""
    return (
        start >= 2
        and doc[start - 1].lower_ == "of"
        and doc[start - 2].lower_ in DEPARTMENT_HEADS
        and end + 1 < len(doc)
        and doc[end].lower_ == "at"
        and (doc[end + 1].ent_type_ == "ORG" or not doc[end + 1].ent_type_)  # an employer, not 'head of Acme at Davos'
    )


_QUOTE_CHARS = "\"“”'‘’ "
_OPENING, _CLOSING = ('"', "“", "‘"), ('"', "”", "’")


def _is_work_title(doc: Doc, start: int, end: int) -> bool:
    """A name the sentence marks as a work: after a work noun ('the sitcom X', 'hit film X'), in
    apposition to one ('X, the new comedy'), what someone starred in, 'the storyline of X', 'games such as X'."""
    i = start - 1
    while i >= 0 and doc[i].is_title and doc[i].lemma_.lower() not in WORK_NOUNS and i > start - 4:
        i -= 1  # 'the comedy Meet The Parents' when the model tagged only 'Parents'
    while i >= 0 and (doc[i].pos_ in ("ADJ", "DET") or doc[i].tag_ == "POS" or doc[i].dep_ == "poss"):
        i -= 1  # 'the hit film', "BBC One's new comedy"
    if i >= 0 and doc[i].pos_ in ("NOUN", "PROPN") and doc[i].lemma_.lower() in WORK_NOUNS:
        return True
    if end - start > 1 and doc[start].lemma_.lower() in WORK_NOUNS:
        return True  # 'Comedy Fat Albert': the model swept the work noun into the name
    root = doc[end - 1]
    if any(c.dep_ == "appos" and c.is_lower and c.lemma_.lower() in WORK_NOUNS for c in root.children):
        return True  # 'X, the new sitcom'; not 'Jane Roe (The Jane Roe Show)'
    # (A name before a work noun, 'the BBC series', is as often the channel or studio as the title: not used.)
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in PERFORM_VERBS:
        return True
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in OF_A_WORK:
        return True
    return root.dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_.lower() in KINDS_OF_WORK  # 'games such as X'


# Television and radio channels (not their companies): what is on one is a programme. 'Shameless (Channel 4)',
# "BBC One's Breakfast", 'ITV1 shows X and Y'. A company alone ('the BBC', 'ITV') also employs people, so it is no cue.
_CHANNEL = re.compile(
    r"(?:BBC ?(?:One|Two|Three|Four|[1-4]|Radio ?(?:\d|One|Two|Scotland|Wales|Ulster)|News ?24|Parliament)"
    r"|ITV ?[1-4]|ITV ?(?:Two|Three|Four)"
    r"|Channel (?:4|5|Four|Five)|Sky (?:One|Two|Three|Atlantic|Arts|Sports? ?\d?)|E4|More4|Film4|S4C|CBBC|CBeebies|HBO|Showtime|Netflix"
    r"|Hulu|Comedy Central|MTV|Nickelodeon|Radio ?[1-5])"
)


def _ends_in_channel(doc: Doc, end: int) -> bool:
    """Whether the tokens just before ``end`` name a channel."""
    return any(_CHANNEL.fullmatch(doc[max(0, end - k) : end].text) for k in (1, 2, 3))


def _on_a_channel(doc: Doc, start: int, end: int) -> set[tuple[int, int]]:
    """Token spans around a name that a channel marks as programmes: the name itself when its brackets hold a
    channel alone ('Shameless (Channel 4)'), the names before the channel inside them ('(Little Britain, BBC Three)')."""
    if end >= len(doc) or doc[end].text != "(":
        return set()
    close = next((t.i for t in doc[end + 1 : end + 14] if t.text == ")"), None)
    if close is None:
        return set()
    parts = [p.strip() for p in doc[end + 1 : close].text.split(",")]
    if not _CHANNEL.fullmatch(parts[-1]):
        return set()
    if len(parts) == 1:
        while start > 0 and doc[start - 1].is_title and "\n" not in doc[start - 1].whitespace_:
            start -= 1  # 'Little Britain (BBC Three)' when the model tagged only 'Britain'
        return {(start, end)}
    comma = max(t.i for t in doc[end + 1 : close] if t.text == ",")
    return {(end + 1, comma)}


def _with_conjuncts(doc: Doc, spans: list[tuple[int, int, str]], works: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Works and the names coordinated with them ('shows X and Y', 'games such as X, Y and Z')."""
    at = {i: (s, e) for s, e, _ in spans for i in range(s, e)}
    found = set(works)
    for _, e in works:
        for conj in doc[e - 1].conjuncts:
            if conj.i in at:
                found.add(at[conj.i])
    return found


def _work_titles(doc: Doc, spans: list[tuple[int, int, str]]) -> set[str]:
    """Folded names of the works the document names: quoted titles the model tags as works, and names the sentence marks as one."""
    text = document_text(doc)
    # The model's WORK_OF_ART alone is noisy ('The Essar Steel'); in quote marks it is a title.
    works = {
        fold(e.text.strip(_QUOTE_CHARS)).removeprefix("the ")
        for e in entities(doc)
        if e.label_ == "WORK_OF_ART" and text[e.start_char - 1 : e.start_char] in _OPENING and text[e.end_char : e.end_char + 1] in _CLOSING
    }
    marked = _with_conjuncts(doc, spans, {(s, e) for s, e, _ in spans if _is_work_title(doc, s, e)})
    carried = {(s, e) for s, e, _ in spans if _carried(doc, s)}
    on_channels = set()
    for s, e, _ in spans:
        for a, b in _on_a_channel(doc, s, e):  # '(Life Begins/ Von Trapped, ITV1)': each title in the list
            on_channels |= {fold(part.strip()) for part in doc[a:b].text.split("/")}
    titles = {fold(doc[s:e].text) for s, e in marked}
    quoted = [m.span() for m in _QUOTED.finditer(text) if _title_like(m.group(1))]  # '“Takin’ It To the Streets”'
    titles |= {fold(doc[s:e].text) for s, e, _ in spans if any(a <= doc[s].idx and doc[e - 1].idx < b for a, b in quoted)}
    titles |= {part for s, e in carried for part in re.split(r" and | & ", fold(doc[s:e].text))}  # 'shows X and Y' in one span
    found = works | on_channels | titles
    return found | {t.removeprefix("the ") for t in found}


_QUOTED = re.compile(r"[“\"]([^“”\"\n]{3,80})[”\"]")


def _title_like(quoted: str) -> bool:
    """A quoted phrase written as a title: two to eight words, every word but small ones capitalised."""
    words = re.findall(r"[A-Za-z][\w'’]*", quoted)
    if not 2 <= len(words) <= 8 or quoted.rstrip().endswith((".", "?", "!")):
        return False
    big = [w for w in words if w.lower() not in SMALL_TITLE_WORDS]
    return bool(big) and all(w[0].isupper() for w in big) and words[0][0].isupper()


def _carried(doc: Doc, start: int) -> bool:
    """ "BBC One's Breakfast", 'ITV1 shows Doc Smith': a name right after a channel (and its 's or a word for what it airs)."""
    k = start
    if k > 0 and (doc[k - 1].tag_ == "POS" or doc[k - 1].lower_ in CHANNEL_CARRIES):
        k -= 1
    presenter = doc[k].tag_ == "POS" and doc[start].ent_type_ == "PERSON"  # "BBC One's Jane Roe" presents, is no show
    return k < start and not presenter and _ends_in_channel(doc, k)


def _company_evidence(doc: Doc, end: int) -> bool:
    """Whether the words after a name are what only a company has: 'Acme shares', "Acme's chief executive",
    'Acme's profits' (a person is never said to have them; speaking is no evidence either way)."""
    k = end + (1 if end < len(doc) and doc[end].text in ("'s", "’s", "'") else 0)
    if k >= len(doc):
        return False
    word = doc[k].lower_
    return word in COMPANY_NOUNS or (word == "chief" and k + 1 < len(doc) and doc[k + 1].lower_ in ("executive", "executives"))


def _called_it(doc: Doc, end: int) -> bool:
    """Whether the rest of the sentence after a one-word name calls something 'its' and no one 'he' or
    'she': 'Acme said its profits rose' (a person would be 'his' or 'her')."""
    words = {t.lower_ for t in doc[end : sentence_of(doc[end - 1]).end]}  # the cached sentence: .sent walks the Doc
    return "its" in words and not words & {"he", "him", "his", "she", "her", "hers"}


def _label_votes(doc: Doc, ents: list[Span]) -> dict[str, str]:
    """The label the model gives a name most often in the document (it types one club three ways)."""
    counts: dict[str, dict[str, int]] = {}
    person_surnames = {fold(e.text.split()[-1]) for e in ents if e.label_ == "PERSON" and len(e.text.split()) > 1}
    for ent in ents:
        start, end = _trim(doc, ent.start, ent.end)
        if start < end:
            key = fold(doc[start:end].text)
            label = ent.label_
            # A one-word 'person' that is nobody's surname here is weak evidence ('Acme said').
            weight = 0.5 if label == "PERSON" and end - start == 1 and key not in person_surnames else 1.0
            if label == "PERSON" and (doc[end - 1].lower_ in ORG_HEADS or any(c.isdigit() for c in key)):
                label = "ORG"  # 'Eon Labs', 'MI6': no person's name ends so or has digits
            counts.setdefault(key, {}).setdefault(label, 0)
            counts[key][label] += weight
            if _company_evidence(doc, end):
                counts[key]["ORG"] = counts[key].get("ORG", 0) + 2.0  # 'Acme shares fell': what only a company has
            elif label == "PERSON" and end - start == 1 and _called_it(doc, end):
                counts[key]["ORG"] = counts[key].get("ORG", 0) + 1.0  # 'Acme said its profits rose': not a person
    preference = {label: TYPE_PREFERENCE[kind] for label, kind in ENTITY_TYPES.items()} | {"FAC": 0}  # a facility yields to a place
    return {k: max(v, key=lambda label: (v[label], preference.get(label, 0))) for k, v in counts.items()}


def _honorific_surnames(doc: Doc) -> set[str]:
    """Surnames the text writes after Mr, Mrs, Ms, Dr or Sir: whoever bears them is a person."""
    after = (doc[i + 1] for i in positions(doc, _HONORIFIC_FORMS) if i + 1 < len(doc))
    return {fold(t.text) for t in after if t.text[:1].isupper()}


# ---------------------------------------------------------------------------- folding


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s]+", fold(name).replace("’", "'")) if t]


def initials_of(name: str) -> str:
    """'World Health Organization' -> 'WHO': the capitals of its words (what an acronym of the name would be)."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


def _pronoun_genders(doc: Doc, mentions: list[Mention]) -> dict[str, str]:
    """Gender votes: a sentence with one person that later says he/his or she/her."""
    votes: dict[str, list[int]] = {}
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.actor_type == "person":
            by_sent.setdefault(sentence_of(doc[m.start]).start, []).append(m)
    for sent_start, ms in by_sent.items():
        names = {m.text.split()[-1] for m in ms}
        if len(names) != 1:
            continue
        sent = sentence_of(doc[sent_start])
        after = [t.lower_ for t in sent if t.i >= ms[0].end]
        male = sum(t in ("he", "his", "him", "himself") for t in after)
        female = sum(t in ("she", "her", "hers", "herself") for t in after)
        key = fold(ms[0].text.split()[-1])
        v = votes.setdefault(key, [0, 0])
        v[0] += male
        v[1] += female
    return {k: ("m" if m > f else "f") for k, (m, f) in votes.items() if m != f}


def _plurals_of_first_words(org_names: list[str]) -> dict[str, str]:
    """'marbles' -> 'Marble Brothers': the plural of a longer name's first word, which a band or team is
    called by ('the Marbles'), for the first words only one name in the document has."""
    found: dict[str, set[str]] = {}
    for name in org_names:
        toks = _tokens(name)
        if len(toks) > 1:
            for plural in (toks[0] + "s", toks[0] + "es"):
                found.setdefault(plural, set()).add(name)
    return {plural: next(iter(names)) for plural, names in found.items() if len(names) == 1}


def _fuller_org_name(text: str, org_names: list[str]) -> str:
    """The fullest form of an organisation's name that the document prints, else ``text``."""
    toks = _tokens(text)
    if len(toks) == 1:
        # 'Labour' -> 'Labour party', 'Acme' -> 'Acme group': a one-word name plus an organisation noun.
        for other in org_names:
            ot = _tokens(other)
            if len(ot) == 2 and ot[0] == toks[0] and ot[1] in ORG_HEADS:
                return other
        # 'the Statehouse' after 'the Ohio Statehouse': the one body the document named in full with this last word.
        fuller = {o for o in org_names if len(_tokens(o)) > 1 and _tokens(o)[-1] == toks[0]}
        return fuller.pop() if len(fuller) == 1 else text
    best = text
    for other in org_names:
        ot = _tokens(other)
        longer = len(ot) > len(_tokens(best)) and len(toks) >= 2
        # 'Justice Department' ⊂ 'US Justice Department'; 'Central Bank' ⊂ 'Central Bank of Ruritania'
        if longer and (ot[-len(toks) :] == toks or (ot[: len(toks)] == toks and ot[len(toks)] in ("of", "for"))):
            best = other
    return best


_OPEN_NICK, _CLOSE_NICK = ("'", "‘", '"', "“"), ("'", "’", '"', "”")
_NICKNAME_HINT = re.compile(r"\w\s+['‘\"“][A-Z]")


def _nicknames(doc: Doc) -> list[tuple[int, int, str, str]]:
    """(start, end, full name, nickname) for each "First 'Nickname' Last" the text writes ("Ann 'Red' Poe")."""
    found: list[tuple[int, int, str, str]] = []
    if not _NICKNAME_HINT.search(document_text(doc)):
        return found  # no word followed by an opening mark and a capital: no nickname (and no walk over every token)
    for i in range(len(doc) - 4):
        first, opening = doc[i], doc[i + 1]
        if first.pos_ != "PROPN" or not first.text.istitle() or opening.text not in _OPEN_NICK or opening.whitespace_ != "":
            continue
        for j in (i + 3, i + 4):  # a nickname of one or two words
            if j + 1 < len(doc) and doc[j].text in _CLOSE_NICK and doc[j + 1].pos_ == "PROPN" and doc[j + 1].text.istitle():
                nick = doc[i + 2 : j]
                if all(t.text.istitle() for t in nick):
                    found.append((i, j + 2, f"{first.text} {doc[j + 1].text}", nick.text))
                break
    return found


@dataclass
class NameBook:
    """What a document says about its names, read before any mention is named: fuller forms to fold into."""

    doc: Doc
    nicknames: dict[str, str]  # folded nickname -> full name ('kip' -> 'Tomas Varga')
    person_names: dict[str, str]  # folded surname -> the longest full name with it
    first_names: dict[str, str]  # folded first name only one full name bears -> that name
    org_names: list[str]  # organisations of more than one word
    bands: dict[str, str]  # folded plural of a body's first word -> the body ('marbles' -> 'Marble Brothers')
    place_names: list[str]  # places of more than one word that are not countries
    acronyms: dict[str, str]  # initials -> the body ('DEA' -> 'Drug Enforcement Agency')
    namesakes: dict[str, dict[str, str | None]] = field(default_factory=dict)  # folded surname -> {full name: gender}


def _with_nicknames(doc: Doc, mentions: list[Mention]) -> tuple[list[Mention], dict[str, str]]:
    """One person called by a nickname from then on ("Tomas 'Kip' Varga"): the mentions with each nicknamed
    name as one person's, and the folded nicknames."""
    nicknamed = _nicknames(doc)
    nicknames = {fold(nick): full for _, _, full, nick in nicknamed}
    if nicknamed:
        inside = {k for start, end, _, _ in nicknamed for k in range(start, end)}
        mentions = [m for m in mentions if not inside & set(range(m.start, m.end))]
        mentions += [Mention(start, end, full, "person", "PERSON") for start, end, full, _ in nicknamed]
        mentions.sort(key=lambda m: m.start)
    for m in mentions:
        if fold(m.text) in nicknames:
            m.actor_type, m.label = "person", "PERSON"
    return mentions, nicknames


def _full_person_names(mentions: list[Mention]) -> dict[str, str]:
    """Folded surname -> the longest person name with it: 'Roe' and 'Jane Roe' are 'Jane Roe'."""
    names: dict[str, str] = {}
    for m in mentions:
        if m.actor_type == "person":
            toks = m.text.split()
            if len(toks) > len(names.get(fold(toks[-1]), "").split()):
                names[fold(toks[-1])] = m.text
    return names


def _unique_first_names(person_names: dict[str, str]) -> dict[str, str]:
    """First names that only one person named in full bears, and no one has as a surname: 'Ann' for Ann Roe,
    'Chen' for Chen Wenhao (family name first)."""
    firsts: dict[str, set[str]] = {}
    for full in person_names.values():
        if len(full.split()) > 1:
            firsts.setdefault(fold(full.split()[0]), set()).add(full)
    return {first: next(iter(fulls)) for first, fulls in firsts.items() if len(fulls) == 1 and " " not in person_names.get(first, "")}


def _acronyms_of(org_names: list[str]) -> dict[str, str]:
    """Initials -> the first body they abbreviate ('Drug Enforcement Agency' -> 'DEA'), a country prefix left out."""
    acronyms: dict[str, str] = {}
    for name in org_names:
        acr = initials_of(re.sub(r"^(US|UK|U\.S\.|EU)\s+", "", name))
        if len(acr) >= 2:
            acronyms.setdefault(acr, name)
    return acronyms


def _name_book(doc: Doc, mentions: list[Mention], nicknames: dict[str, str]) -> NameBook:
    """Read the fuller forms; a one-word body or place that is a person's surname becomes that person first
    (the model types surnames as places)."""
    person_names = _full_person_names(mentions)
    for m in mentions:
        if m.actor_type != "person" and len(m.text.split()) == 1 and fold(m.text) in person_names:
            m.actor_type, m.label = "person", "PERSON"
    org_names = [m.text for m in mentions if m.actor_type == "organization" and len(m.text.split()) > 1]
    places = [m.text for m in mentions if m.actor_type == "location" and len(m.text.split()) > 1 and not country_name(m.text)]
    return NameBook(
        doc,
        nicknames,
        person_names,
        _unique_first_names(person_names),
        org_names,
        _plurals_of_first_words(org_names),
        places,
        _acronyms_of(org_names),
        _namesakes(doc, mentions),
    )


def _namesakes(doc: Doc, mentions: list[Mention]) -> dict[str, dict[str, str | None]]:
    """Folded surname -> every full name with it and the gender the text gives it (an honorific or title before
    it, a family word beside it: 'his wife, Jane Roe'), for surnames two people share."""
    found: dict[str, dict[str, str | None]] = {}
    for m in mentions:
        toks = m.text.split()
        if m.actor_type == "person" and len(toks) > 1:
            names = found.setdefault(fold(toks[-1]), {})
            names[m.text] = names.get(m.text) or m.gender or _kin_gender(doc, m.start, m.end)
    return {k: v for k, v in found.items() if len(v) > 1}


def _kin_gender(doc: Doc, start: int, end: int) -> str | None:
    """'m' or 'f' from a family word next to a name: 'his wife, Jane Roe', 'Tom Roe, her husband'."""
    near = [t for t in doc[max(0, start - 3) : start] if not t.is_punct] + [t for t in doc[end : end + 4] if not t.is_punct][:2]
    for t in near:
        if t.lower_ in KIN_MALE:
            return "m"
        if t.lower_ in KIN_FEMALE:
            return "f"
    return None


# ---- naming rules: (book, mention, text) -> (canonical name, actor type), or None. The first that answers wins.


def _by_nickname(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'Kip' -> 'Tomas Varga' after "Tomas 'Kip' Varga"."""
    if fold(text) in book.nicknames:
        return book.nicknames[fold(text)], "person"
    return None


def _a_country(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'the US', 'Britain' -> the country's one name."""
    if m.actor_type == "location" and (country := country_name(text)):
        return country, "location"
    return None


def _capital_for_its_state(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'Washington had concluded': a capital that acts stands for its government's country."""
    if m.actor_type == "location" and (country := country_of_capital(text)) and _acts(book.doc[m.end - 1]):
        return country, "location"
    return None


def _state_after_a_city(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'Tampa, FL' -> Florida: a state's abbreviation after a city and a comma."""
    doc = book.doc
    after_a_place = m.start > 1 and doc[m.start - 1].text == "," and doc[m.start - 2].pos_ == "PROPN"
    if m.actor_type == "location" and after_a_place and (state := state_name(text)):
        return state, "location"
    return None


def _a_band_by_its_members(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'the Marbles' -> 'Marble Brothers': a plural of a body's first word."""
    if " " not in text and (band := book.bands.get(fold(text))):
        return band, "organization"
    return None


def _an_acronym(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'LN' after 'Live Nation', whatever the model typed it."""
    if text.isupper() and text in book.acronyms and m.actor_type != "person":
        return book.acronyms[text], "organization"
    return None


def _a_party(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'the Tories' -> the party's one name."""
    if m.actor_type in ("organization", "group") and (party := party_name(text)):
        return party, "organization"
    return None


def _a_first_name(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'Ann' -> 'Ann Roe', when she is the only Ann named in full."""
    if m.actor_type == "person" and len(text.split()) == 1 and fold(text) in book.first_names:
        return book.first_names[fold(text)], "person"
    return None


def _the_namesake_of_that_gender(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'Mr. Roe' when Tom Roe and his wife, Jane Roe, are both named: the one whose gender the honorific says."""
    if m.actor_type != "person" or m.gender is None or len(text.split()) != 1:
        return None
    namesakes = book.namesakes.get(fold(text), {})
    fits = [name for name, gender in namesakes.items() if gender == m.gender]
    if not fits:  # the others are known to be of the other gender: the one the text says nothing about
        fits = [name for name, gender in namesakes.items() if gender is None]
    return (fits[0], "person") if len(fits) == 1 else None


def _part_of_a_full_name(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'Roe', 'Jane Roe' -> 'Jane Q. Roe': a person's words all in the longest name with that surname."""
    if m.actor_type != "person":
        return None
    toks = text.split()
    full = book.person_names.get(fold(toks[-1]))
    if full and set(map(fold, toks)) <= set(map(fold, full.split())):
        return full, "person"
    return None


def _start_of_a_place(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'Salt Lake' -> 'Salt Lake City' when the fuller form appears; not a country or a capital, which is a
    place of its own ('Berlin' and 'the Berlin Wall')."""
    if m.actor_type != "location" or country_of_capital(text) or country_name(text):
        return None
    toks = _tokens(text)
    for other in book.place_names:
        if len(_tokens(other)) > len(toks) and _tokens(other)[: len(toks)] == toks:
            return other, "location"
    return None


def _a_body_in_full(book: NameBook, m: Mention, text: str) -> tuple[str, str] | None:
    """'the Commission' -> 'Valley Water Commission': the one full name of the body (see _fuller_org_name)."""
    if m.actor_type == "organization":
        return _fuller_org_name(text, book.org_names), "organization"
    return None


NAMING_RULES = (
    _by_nickname,
    _a_country,
    _capital_for_its_state,
    _state_after_a_city,
    _a_band_by_its_members,
    _an_acronym,  # before the party and person rules: an acronym wins whatever the model typed
    _a_party,
    _a_first_name,
    _the_namesake_of_that_gender,
    _part_of_a_full_name,
    _start_of_a_place,
    _a_body_in_full,
)


def canonical_name(book: NameBook, m: Mention) -> tuple[str, str]:
    """A mention's canonical name and type: the first NAMING_RULES answer, else its own text and type."""
    text = m.text.replace("’", "'")
    for rule in NAMING_RULES:
        if named := rule(book, m, text):
            return named
    return text, m.actor_type


def _link_bare_surnames(doc: Doc, index: ActorIndex, nicknames: dict[str, str]) -> None:
    """A bare surname the model did not tag ('Rodriguez maintained ...') is the person named in full; so is a
    one-word name the text gave a person earlier ('Okafor'), or their nickname ('Kip')."""
    people = [a for a in index.actors.values() if a.actor_type == "person"]
    by_surname = {fold(a.canonical_name.split()[-1]): a for a in people if len(a.canonical_name.split()) > 1}
    by_surname |= {fold(a.canonical_name): a for a in people if " " not in a.canonical_name}
    by_surname |= {nick: index.actors[actor_key(full)] for nick, full in nicknames.items() if actor_key(full) in index.actors}
    for i in np.flatnonzero(doc.to_array([POS]) == PROPN):  # proper nouns only: no Python walk over every token
        tok = doc[int(i)]
        if tok.i in index.token_actor or not tok.text[:1].isupper():
            continue
        if (actor := by_surname.get(fold(tok.text))) is not None:
            actor.mention_count += 1
            actor.aliases.add(tok.text)
            index.link(tok.i, tok.i + 1, actor)


def build_actors(doc: Doc, document_id: str = "") -> ActorIndex:
    """Fold a parsed document's mentions into canonical actors: repaired mentions, named by NAMING_RULES,
    then the bare surnames the model missed."""
    mentions, nicknames = _with_nicknames(doc, _candidate_mentions(doc))
    book = _name_book(doc, mentions, nicknames)
    genders = _pronoun_genders(doc, mentions)
    index = ActorIndex(document_id)
    for m in mentions:
        name, actor_type = canonical_name(book, m)
        actor = index.add(name, actor_type, offset=doc[m.start].idx, alias=m.text)
        actor.mention_count += 1
        actor.role = actor.role or m.role
        if actor_type == "person":
            actor.gender = actor.gender or m.gender or genders.get(fold(name.split()[-1]))
        index.link(m.start, m.end, actor)
    _link_bare_surnames(doc, index, nicknames)
    return index


def group_name(span: Span) -> str:
    """A readable name for a speaker that is a noun phrase: 'the Mexican delegation' -> 'Mexican delegation'."""
    toks = [t for t in span if not (t.i == span.start and t.lower_ in DETERMINERS)]
    toks = [t for t in toks if t.dep_ not in ("relcl",) and t.text not in POSSESSIVE_MARKS]
    while len(toks) > 1 and (toks[0].like_num or toks[0].lower_ in HOW_MANY):
        toks = toks[1:]  # 'several thousand teachers', 'hundreds of nurses' -> 'teachers', 'nurses'
    return " ".join(t.text for t in toks).strip(" ,")
