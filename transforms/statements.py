"""Who said what: direct quotes and reported speech, each with its speaker.

Direct quotes are found from quote marks (straight or curly, per paragraph; a
paragraph that opens a quote without closing it runs to its end, as news style
does for quotes continued in the next paragraph). Reported speech is found on
the dependency parse: a speech verb and its clausal complement ("X said (that)
..."), a speech verb and its object ("X denied claims ..."), and "according to
X". Speakers are resolved to actors: names, titles, "a spokesman for X" -> X,
pronouns -> the most recent compatible person, noun phrases -> group actors.
No speaker is invented: when none is found, the actor stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from transforms.actors import ActorIndex, actor_key, group_name, initials_of, names_no_one
from transforms.gazetteer import fold
from transforms.lexicon import (
    AGENT_SUFFIXES,
    CLAIM_NOUNS,
    CLAUSE_ONLY,
    DIRECTIVE_VERBS,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    KEEP_VERB,
    LEAD_IN_VERBS,
    LISTENER_VERBS,
    NOT_PEOPLE,
    OBJECT_VERBS,
    OPTIONAL_OBJECT_VERBS,
    ORG_ANAPHORS,
    ORG_HEADS,
    PERSON_ROLES,
    PRINCIPAL_NOUNS,
    PROMO_OPENERS,
    PRONOUNS_F,
    PRONOUNS_M,
    PRONOUNS_PL,
    RIGHT_SIDE,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
    SOCIAL_NETWORKS,
    SPEECH_VERBS,
    TAG_VERBS,
    TITLE_WORDS,
)
from transforms.records import Actor, Statement, stable_id
from transforms.syntax import document_text, origin, possessor, sentence_index, sentence_of, sentences, subject_of


def _role_words(role: str) -> set[str]:
    """The office words of a role, abbreviations written out ('Gov.' -> governor, 'Lt. Gov.' -> lieutenant, governor)."""
    return {ROLE_ABBREVIATIONS.get(w, w) for w in role.lower().split()}


QUOTE_OPEN = {'"', "“", "„", "''"}  # '' : two apostrophes, the double mark some papers print
QUOTE_CLOSE = {'"', "”", "''"}


@dataclass
class Quote:
    start: int  # char offset of the first character inside the marks
    end: int  # char offset after the last character inside the marks
    open_ended: bool


def _mark_role(para: str, i: int, width: int = 1) -> str:
    """'open' or 'close' for a straight quote mark (``width`` characters at ``i``), judged by the characters around it."""
    before = para[i - 1] if i > 0 else " "
    after = para[i + width] if i + width < len(para) else " "
    if before.isspace() or before in "([{—–-":
        return "open" if not after.isspace() else "close"
    return "close"


def _close_before(para: str, opened: int, i: int) -> int:
    """End of a quote left open when a new one starts: the last sentence end before the new mark."""
    cut = max(para.rfind(". ", opened, i), para.rfind("? ", opened, i), para.rfind("! ", opened, i))
    return cut + 1 if cut >= opened else i


def find_quotes(text: str) -> list[Quote]:
    """Quote spans per paragraph. Unbalanced marks never raise.

    Straight marks are told apart by context (an opening mark follows a space and
    precedes a word). A quote left open when a new one opens ends at the last
    sentence end before it (quotes reopened per paragraph, paragraphs merged into
    one line); a quote still open at the paragraph end runs to it.
    """
    quotes: list[Quote] = []
    pos = 0
    for para in text.split("\n"):
        opened: int | None = None
        for i, ch in enumerate(para):
            width = 1
            if para.startswith("''", i) and not para.startswith("'", i + 2) and (i == 0 or para[i - 1] != "'"):
                role, width = _mark_role(para, i, 2), 2  # ''...'': a straight double mark typed as two apostrophes
            elif ch == '"':
                role = _mark_role(para, i)
            elif ch in QUOTE_OPEN:
                role = "open"
            elif ch in QUOTE_CLOSE:
                role = "close"
            else:
                continue
            if role == "open":
                if opened is not None:
                    quotes.append(Quote(pos + opened, pos + _close_before(para, opened, i), True))
                opened = i + width
            elif opened is not None:
                quotes.append(Quote(pos + opened, pos + i, False))
                opened = None
        if opened is not None and len(para) - opened > 1:
            quotes.append(Quote(pos + opened, pos + len(para), True))
        pos += len(para) + 1
    return [q for q in quotes if text[q.start : q.end].strip()]


def _clean_content(text: str) -> str:
    text = text.strip()
    text = re.sub(r"^[,;:\s'‘]+|[,;:\s'’]+$", "", text)
    return text


def _is_acronym(token: Token) -> bool:
    """Initials in capitals ('WHO', 'NATO', 'UNICEF'): a name, whatever the tagger made of the word."""
    return 2 <= len(token.text) <= 8 and token.text.isalpha() and token.text.isupper()


class _Context:
    """Per-document state for speaker resolution."""

    def __init__(self, doc: Doc, index: ActorIndex, quotes: list[Quote]) -> None:
        self.doc = doc
        self.index = index
        self.quotes = quotes
        self.in_quote = [False] * len(doc)
        for q in quotes:
            for t in doc.char_span(q.start, q.end, alignment_mode="expand") or []:
                self.in_quote[t.i] = True
        self.speakers: list[tuple[int, Actor, str]] = []  # (token index, actor, text) of resolved speakers

    # ------------------------------------------------------------------ speaker resolution

    def _recent_person(self, before: int, gender: str | None) -> Actor | None:
        """The person a pronoun or a description refers to: the latest speaker or named subject before it."""

        def fits(actor: Actor) -> bool:
            return actor.actor_type == "person" and (gender is None or actor.gender in (None, gender))

        # Names inside quotes are what a speaker talks about, not who a later pronoun is.
        outside = [(s, e, self.index.actors[a]) for s, e, a in self.index.mentions if s < before and not self.in_quote[s]]
        subjects = [(s, a) for s, e, a in outside if self.doc[e - 1].dep_ in ("nsubj", "nsubjpass")]
        candidates = [(i, a) for i, a, _t in self.speakers if i < before] + subjects
        latest = max(((i, a) for i, a in candidates if fits(a)), key=lambda c: c[0], default=None)
        if latest is not None:
            return latest[1]
        return next((a for s, _e, a in sorted(outside, key=lambda m: -m[0]) if fits(a)), None)

    def last_speaker(self, before: int, max_sentences: int = 3) -> tuple[str, Actor] | None:
        """(text, actor) of the latest speaker within a few sentences before a token: who an unattributed quote continues."""
        earlier = [(i, a, t) for i, a, t in self.speakers if i < before]
        if not earlier:
            return None
        i, actor, text = max(earlier, key=lambda c: c[0])
        between = sentence_index(self.doc[before]) - sentence_index(self.doc[i])
        return (text, actor) if between <= max_sentences else None

    def _recent_group(self, before: int, types: tuple[str, ...] = ("group", "organization")) -> Actor | None:
        """'they'/'we': the last group or organisation that spoke."""
        earlier = [(i, a) for i, a, _t in self.speakers if i < before and a.actor_type in types]
        return max(earlier, key=lambda c: c[0])[1] if earlier else None

    def _recent_organization(self, before: int) -> Actor | None:
        """'it said': the organisation named or heard last before it (outside quotes)."""
        named = [(s, self.index.actors[a]) for s, _e, a in self.index.mentions if s < before and not self.in_quote[s]]
        heard = [(i, a) for i, a, _t in self.speakers if i < before]
        candidates = [(i, a) for i, a in named + heard if a.actor_type == "organization"]
        return max(candidates, key=lambda c: c[0])[1] if candidates else None

    def resolve(self, subject: Token) -> tuple[str | None, Actor | None]:
        """(speaker text as written, actor) for the subject of a speech verb: a pronoun's referent, a document's
        owner, else the subject phrase through SPEAKER_RESOLVERS."""
        subject = _past_relative_pronoun(subject)
        if subject.pos_ == "PRON" and not _is_acronym(subject):
            return subject.text, self._pronoun_referent(subject)
        if (owned := self._document_owner(subject)) is not None:
            return owned
        s = _read_subject(subject)
        if s is None:
            return None, None
        actor = None
        for step in SPEAKER_RESOLVERS:
            actor = step(self, s, actor)
        return s.text or None, actor

    def _pronoun_referent(self, pronoun: Token) -> Actor | None:
        """he/she: the latest fitting person; they/we: the last group that spoke; 'it said': the last organisation."""
        lower = pronoun.lower_
        if lower in PRONOUNS_M:
            return self._recent_person(pronoun.i, "m")
        if lower in PRONOUNS_F:
            return self._recent_person(pronoun.i, "f")
        if lower in PRONOUNS_PL:
            return self._recent_group(pronoun.i)
        if lower == "it":  # 'it said' after a company, a government, a court
            return self._recent_organization(pronoun.i)
        return None

    def _document_owner(self, subject: Token) -> tuple[str, Actor] | None:
        """The owner or author of a document speaks: "the researchers' calculations", 'figures from the ministry'."""
        if subject.lemma_.lower() not in DOCUMENT_NOUNS:
            return None
        owner = possessor(subject) or origin(subject)
        if owner is None or not self._may_own_a_document(owner):
            return None
        _text, actor = self.resolve(owner)
        if actor is None:
            return None
        return self.doc[subject.left_edge.i : max(subject.i, owner.right_edge.i) + 1].text.strip(" ,"), actor

    def _may_own_a_document(self, owner: Token) -> bool:
        """Whether the owner or author of a report may speak for it: a name, a body or people, not a date or a sample."""
        if owner.lemma_.lower() in DOCUMENT_NOUNS or owner.ent_type_ in ("DATE", "TIME") or owner.pos_ == "PRON":
            return False
        if any(c.dep_ == "nummod" for c in owner.children):
            return False  # 'a survey of 2,000 adults': who was asked, not who asked
        named = self.index.actor_in(owner.left_edge.i, owner.right_edge.i + 1) is not None
        return named or owner.pos_ == "PROPN" or people_noun(owner) or owner.lower_ in GROUP_NOUNS

    def _name_the_model_missed(self, head: Token) -> Actor | None:
        """A capitalised name that speaks but no entity covers ('said Jan van der Berg'): a person, or an
        organisation when it ends in an organisation word."""
        tokens = [t for t in head.subtree if t.dep_ in ("compound", "flat") or t.i == head.i]
        tokens = [t for t in tokens if t.pos_ == "PROPN" or _is_acronym(t) or (t.is_lower and t.is_alpha and len(t) <= 3)]
        tokens = [t for t in tokens if t.lower_ not in TITLE_WORDS]  # 'Treasurer Jane Doe' -> the name
        if not tokens:
            return None  # 'The Prime Minister said': an office, no name
        start, end = min(t.i for t in tokens), max(t.i for t in tokens) + 1
        initials = len(tokens) == 1 and _is_acronym(tokens[0])  # 'said UNESCO': one word, an organisation's initials
        if end - start != len(tokens) or not (1 < len(tokens) <= 4 or initials):
            return None
        if any(i in self.index.token_actor for i in range(start, end)):
            return None
        name = self.doc[start:end].text
        if initials:  # 'says WHO' after 'the World Health Organization'
            orgs = (a for a in self.index.actors.values() if a.actor_type == "organization")
            named = next((a for a in orgs if initials_of(a.canonical_name) == name), None)
            if named is not None:
                named.aliases.add(name)
                self.index.link(start, end, named)
                return named
        kind = "organization" if initials or self.doc[end - 1].lower_ in ORG_HEADS else "person"
        known = self.index.actors.get(actor_key(name))
        if known is not None:
            self.index.link(start, end, known)
            return known
        actor = self.index.add(name, kind, offset=self.doc[start].idx)
        actor.mention_count += 1
        self.index.link(start, end, actor)
        return actor

    def _by_partial_name(self, phrase: Span) -> Actor | None:
        """'the regional council' -> 'Northern Regional Council': an organisation named in full before."""
        words = {fold(t.text) for t in phrase if t.is_alpha and t.lower_ not in ("the", "a", "an")}
        if len(words) < 2:
            return None
        for start, _end, actor_id in reversed(self.index.mentions):
            actor = self.index.actors[actor_id]
            if start < phrase.start and actor.actor_type == "organization" and words <= {fold(w) for w in actor.canonical_name.split()}:
                return actor
        return None

    def _group_named_before(self, noun: Token) -> Actor | None:
        """'the unions' -> 'teachers unions': a definite plural that repeats the head of a group named before."""
        if noun.tag_ != "NNS" or not _definite(noun):
            return None
        for start, _end, actor_id in reversed(self.index.mentions):
            actor = self.index.actors[actor_id]
            if start < noun.i and actor.actor_type == "group" and actor.canonical_name.lower().split()[-1] == noun.lower_:
                return actor
        return None

    def _by_role(self, noun: Token) -> Actor | None:
        """'the minister' -> the person whose role names a minister; 'the company' -> the last organisation."""
        word = noun.lemma_.lower()
        if word in ORG_ANAPHORS:
            if noun.tag_ != "NN" or not _definite(noun):
                return None  # 'advocacy groups', 'a group representing ...': not the organisation named before
            # 'Acme said ..., but the company did not say ...': the organisation that spoke earlier in the sentence.
            here = sentence_index(noun)
            spoke = [
                a for i, a, _t in self.speakers if i < noun.i and a.actor_type == "organization" and sentence_index(self.doc[i]) == here
            ]
            if spoke:
                return spoke[-1]
            # 'the company': the organisation the story is about so far (most mentioned, then latest).
            seen: dict[str, list[int]] = {}
            for start, _end, actor_id in self.index.mentions:
                if start < noun.i and self.index.actors[actor_id].actor_type == "organization":
                    seen.setdefault(actor_id, []).append(start)
            if not seen:
                return None
            best = max(seen, key=lambda a: (len(seen[a]), max(seen[a])))
            return self.index.actors[best]
        for start, _end, actor_id in reversed(self.index.mentions):
            actor = self.index.actors[actor_id]
            if start < noun.i and actor.actor_type == "person" and actor.role and word in _role_words(actor.role):
                return actor
        return None

    def _body_named_in_full(self, word: Token) -> Actor | None:
        """The one organisation named before whose full name ends in this capitalised body word, else None."""
        before = {a for s, _e, a in self.index.mentions if s < word.i}
        bodies = [
            self.index.actors[a]
            for a in before
            if self.index.actors[a].actor_type == "organization"
            and len(self.index.actors[a].canonical_name.split()) > 1
            and self.index.actors[a].canonical_name.split()[-1].lower() == word.lower_
        ]
        if len(bodies) != 1:
            return None
        self.index.link(word.i, word.i + 1, bodies[0])
        bodies[0].mention_count += 1
        return bodies[0]

    def _principal(self, subject: Token) -> Actor | None:
        """'her office said', "Roe's office said": the person whose office it is (a pronoun: the
        person it refers to), not the latest name."""
        if subject.lemma_.lower() not in PRINCIPAL_NOUNS:
            return None
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        if owner is None:
            return None
        if owner.lower_ in ("his", "her"):
            gender = "m" if owner.lower_ == "his" else "f"
            # The person the sentence before named ('Teachers did not see Roe. His office said ...'), else the latest one.
            here = sentence_index(subject)
            named = [
                self.index.actors[a]
                for s, _e, a in self.index.mentions
                if s < subject.i and here - 1 <= sentence_index(self.doc[s]) <= here and not self.in_quote[s]
            ]
            named = [a for a in named if a.actor_type == "person" and a.gender in (None, gender)]
            return named[-1] if named else self._recent_person(subject.i, gender)
        actor = self.index.actor_at(owner.i)
        return actor if actor is not None and actor.actor_type == "person" else None

    def remember(self, token_i: int, actor: Actor | None, text: str | None = None) -> None:
        if actor is not None:
            self.speakers.append((token_i, actor, text or actor.canonical_name))


def _past_relative_pronoun(subject: Token) -> Token:
    """'officials who said', 'a report which says': the noun a relative pronoun stands for ('says WHO' stays)."""
    if subject.dep_ in ("relcl",) or (subject.lower_ in ("who", "which", "that") and not _is_acronym(subject)):
        return subject.head.head if subject.head.dep_ == "relcl" else subject.head
    return subject


@dataclass
class Subject:
    """The subject of a speech verb as the speaker resolvers read it: its head, the phrase without the clauses
    that follow the head, and what its words say about it."""

    head: Token
    start: int  # the phrase's tokens [start, end)
    end: int
    text: str  # as written
    new_referent: bool  # 'a police source', 'an aide': someone new to the story
    qualified_body: bool  # 'the French foreign ministry': a body named by its kind and whose it is

    @property
    def phrase(self) -> Span:
        return self.head.doc[self.start : self.end]


# Clauses on a speaker's name that are not part of it: 'settlers, who form ...', 'Roe, speaking in Leeds, said'.
_LEFT_OUT = ("relcl", "acl", "advcl")


def _read_subject(subject: Token) -> Subject | None:
    """The subject phrase without relative clauses and appositions after the head; it ends where a left-out
    clause begins ('settlers, who form part of X's base,' is 'settlers'). None when nothing is left."""
    tokens = [
        t
        for t in subject.subtree
        if not any(a.dep_ in _LEFT_OUT and a != subject for a in t.ancestors if a in subject.subtree and a.i != subject.i)
        and t.dep_ not in _LEFT_OUT
    ]
    tokens = sorted(tokens, key=lambda t: t.i)
    gap = next((k for k in range(1, len(tokens)) if tokens[k].i != tokens[k - 1].i + 1), len(tokens))
    tokens = tokens[:gap]
    while tokens and tokens[-1].text in _TRAILING_MARKS:
        tokens.pop()
    if not tokens:
        return None
    doc, start, end = subject.doc, tokens[0].i, tokens[-1].i + 1
    text = doc[start:end].text.strip(" ,") if len(tokens) <= 10 else doc[subject.left_edge.i : subject.i + 1].text
    new_referent = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in subject.children)
    qualified_body = subject.is_lower and subject.lower_ in ORG_HEADS and not names_no_one(doc[start:end])
    return Subject(subject, start, end, text, new_referent, qualified_body)


# ---- speaker resolvers: (context, subject, actor so far) -> actor. In order; most act only while no actor is found.


def _person_in_the_phrase(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'Home Secretary John Smith said': the actor the head names, or a named person anywhere in the phrase
    (also over a body when the head is a role: 'Acme spokesman Jane Doe')."""
    actor = ctx.index.actor_at(s.head.i)
    if actor is None or (actor.actor_type != "person" and s.head.lower_ in ROLE_NOUNS):
        actor = ctx.index.actor_in(s.start, s.end, ("person",)) or actor
    return actor


def _whose_office(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'her office said', "Roe's office said": the person whose office it is, over the body."""
    return ctx._principal(s.head) or actor


def _person_by_their_office(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'the United boss said': a person described by office, not the club (not 'a boss': someone new)."""
    if (actor is None or actor.actor_type != "person") and s.head.lemma_.lower() in PERSON_ROLES and not s.new_referent:
        return ctx._by_role(s.head) or ctx._recent_person(s.head.i, None) or actor
    return actor


def _body_or_place_in_the_phrase(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'a spokesman for the Foreign Office' -> the body; a bare place can speak for itself, but 'US officials'
    are a group of people, not the country."""
    if actor is not None:
        return actor
    actor = ctx.index.actor_in(s.start, s.end, ("organization",))
    head = s.head
    if actor is None and not (head.lower_ in GROUP_NOUNS or head.tag_ == "NNS" or s.qualified_body):
        actor = ctx.index.actor_in(s.start, s.end, ("location",))
    return actor


def _named_before_by_a_noun(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'the minister', 'the regional council', 'the unions': whom a common noun takes up from earlier."""
    if actor is None and s.head.pos_ == "NOUN" and not s.qualified_body:
        return ctx._by_role(s.head) or ctx._by_partial_name(s.phrase) or ctx._group_named_before(s.head)
    return actor


def _body_by_its_last_word(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'The Commission said' after 'the Ruritanian Trade Commission' (a capital mid-sentence)."""
    head = s.head
    if actor is None and head.text[:1].isupper() and not head.is_sent_start and head.lower_ in ORG_HEADS:
        return ctx._body_named_in_full(head)
    return actor


def _a_group_or_body_by_description(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'opposition parties', 'the Whigs', "Russia's foreign ministry", 'a group representing rural counties':
    a speaker the text names by a group noun or by what follows it (up to a coordination)."""
    head, doc = s.head, s.head.doc
    proper_plural = head.pos_ == "PROPN" and head.tag_ == "NNPS"
    post_end = _post_modifier(head) if s.new_referent and head.lower_ in ORG_ANAPHORS | GROUP_NOUNS else None
    named_group = head.lower_ in GROUP_NOUNS or proper_plural or s.qualified_body or people_noun(head) or post_end is not None
    if actor is not None or not named_group or head.lemma_.lower() in DOCUMENT_NOUNS:
        return actor
    cut = next((t.i for t in s.phrase if t.dep_ == "cc" and t.i > head.i), s.end)
    cut = max(cut, post_end) if post_end is not None else cut
    body = doc[s.start + 1 if doc[s.start].lower_ in ("the", "a", "an") else s.start : cut]  # a body keeps its owner
    name = body.text.strip(" ,") if s.qualified_body or post_end is not None else group_name(doc[s.start : cut])
    if not name or len(name.split()) > (8 if post_end is not None else 6):
        return None
    kind = "organization" if proper_plural or head.lower_ in ORG_HEADS else "group"
    if post_end is not None:  # 'a group representing ...' is people; 'a company that ...' a body
        kind = "group" if head.lower_ in GROUP_NOUNS | {"group", "body"} else "organization"
    return ctx.index.speaker(name, kind, s.start, cut, offset=head.idx, scoped=not proper_plural and names_no_one(doc[s.start : cut]))


def _a_name_the_model_missed(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'said Jan van der Berg', 'says UNESCO': a capitalised name or initials no entity covers."""
    if actor is None and (s.head.pos_ == "PROPN" and s.head.text[:1].isupper() or _is_acronym(s.head)):
        return ctx._name_the_model_missed(s.head)
    return actor


def _a_report_of_the_last_body(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'the report predicts': the report of the organisation last cited."""
    if actor is None and s.head.lemma_.lower() in DOCUMENT_NOUNS and s.head.pos_ == "NOUN":
        return ctx._recent_organization(s.head.i)
    return actor


def _the_person_in_view(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'the veteran game maker said', 'the 21-year-old said': a description of the person in view."""
    head = s.head
    described = head.pos_ == "NOUN" and head.tag_ == "NN" and head.lemma_.lower() not in DOCUMENT_NOUNS
    if actor is None and described and not s.new_referent:
        return ctx._recent_person(head.i, None)
    return actor


def _an_unnamed_source(ctx: _Context, s: Subject, actor: Actor | None) -> Actor | None:
    """'an insurgent source', 'a local police source': someone the story does not name, known by this description."""
    head = s.head
    modified = any(c.dep_ in ("compound", "amod") and c.i < head.i for c in head.children)
    if actor is not None or not (s.new_referent and modified and head.tag_ == "NN" and head.lower_ in ROLE_NOUNS | PERSON_ROLES):
        return actor
    name = group_name(s.phrase)
    if name and len(name.split()) <= 4:
        return ctx.index.speaker(name, "person", s.start, s.end, offset=head.idx, scoped=True)
    return None


SPEAKER_RESOLVERS = (
    _person_in_the_phrase,
    _whose_office,  # over a named body: 'the senator's office'
    _person_by_their_office,  # over a body: 'the United boss' is a person, not the club
    _body_or_place_in_the_phrase,
    _named_before_by_a_noun,
    _body_by_its_last_word,
    _a_group_or_body_by_description,
    _a_name_the_model_missed,
    _a_report_of_the_last_body,
    _the_person_in_view,  # late: only a description no rule above could name
    _an_unnamed_source,
)


_TRAILING_MARKS = frozenset(", - – — : ;".split())


def people_noun(noun: Token) -> bool:
    """A plural common noun for people: 'health bosses', 'the authors', 'some economists'."""
    if noun.tag_ != "NNS" or noun.pos_ != "NOUN":
        return False
    word, lemma = noun.lower_, noun.lemma_.lower()
    if lemma in PERSON_ROLES or word in ROLE_NOUNS or word in GROUP_NOUNS:
        return True
    return word.endswith(AGENT_SUFFIXES) and word not in NOT_PEOPLE


def _definite(noun: Token) -> bool:
    """'the company', 'this group': a noun phrase that refers back."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in noun.children)


def _post_modifier(noun: Token) -> int | None:
    """End token of a participle, relative clause or 'of'/'for' phrase right after a noun ('a group representing X')."""
    for child in noun.children:
        if child.i > noun.i and (child.dep_ in ("acl", "relcl") or child.dep_ == "prep" and child.lower_ in ("of", "for")):
            return max(t.i for t in child.subtree) + 1
    return None


def _speaking_subject(verb: Token) -> Token | None:
    """Who speaks by a speech verb: its subject, but not the listener of a passive 'was told';
    a passive's agent ('was announced by the minister')."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and not (child.dep_ == "nsubjpass" and verb.lemma_ in ("say", "tell")):
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return _name_right_before(verb)


def _name_right_before(verb: Token) -> Token | None:
    """'... with the editorial board Roe said that ...': a name right before a speech verb that has a clause and no
    subject of its own (the parser hung the name on the phrase before it) is the speaker."""
    doc = verb.doc
    if verb.i == 0 or verb.dep_ not in ("ROOT",) or not any(c.dep_ == "ccomp" for c in verb.children):
        return None
    name = doc[verb.i - 1]
    if name.pos_ != "PROPN" or name.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
        return None
    entity = next((e for e in doc.ents if e.start <= name.i < e.end), None)
    return name if entity is not None and entity.start == name.left_edge.i else None  # the name alone, no phrase before


def _speaker_token(verb: Token) -> Token | None:
    """The speaker token of a speech verb, following conjunctions and participles up; a participle after a
    preposition ('after saying ...', 'aside from saying ...') speaks for the subject of the verb it hangs on."""
    found = subject_of(verb, climb=("conj", "advcl", "xcomp", "pcomp"), verbs=4, subject=_speaking_subject)
    if found is None and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        found = subject_of(verb.head.head, climb=("conj", "advcl", "xcomp"), verbs=3, subject=_speaking_subject)
    return found


def _inverted_speaker(ctx: _Context, verb: Token) -> Token | None:
    """'..., said Jan van der Berg': the name right after the verb when the parse lost the subject."""
    doc = ctx.doc
    for k in (verb.i + 1, verb.i + 2):
        if k < len(doc) and not ctx.in_quote[k] and ctx.index.actor_at(k) is not None:
            if k == verb.i + 2 and doc[verb.i + 1].lower_ not in ("the", "a", "an", "mr", "mrs", "ms", "dr"):
                return None
            return doc[k]
    return None


def _paragraph_index(text: str, offset: int) -> int:
    return text.count("\n\n", 0, offset)


def _holds_a_quote_of_its_own(ctx: _Context, quotes: list, start_tok: int, end_tok: int) -> bool:
    """Whether a quote inside the tokens [start_tok, end_tok) is a statement on its own (``_standalone``)."""
    doc = ctx.doc
    lo, hi = doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1])
    for q in quotes:
        if q.start < hi and lo < q.end:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None and len(span) and _standalone(doc, span, ctx):
                return True
    return False


def _share_in_quotes(ctx: _Context, start_tok: int, end_tok: int) -> float:
    n = end_tok - start_tok
    if n <= 0:
        return 0.0
    return sum(ctx.in_quote[i] for i in range(start_tok, end_tok)) / n


def _is_speech_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in SPEECH_VERBS:
        return False
    return not (tok.lemma_ == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children))


def _complement(verb: Token) -> tuple[int, int] | None:
    """Token range of the reported content of a speech verb, or None."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and lemma in ("claim",)):
            if child.i < verb.i and any(t.text == ";" for t in verb.doc[child.right_edge.i : verb.i]):
                continue  # 'X; the team says Y': a clause before a semicolon is not what the verb after it reports
            toks = [t for t in child.subtree if not (t.dep_ == "mark" and t.head == child and t.lower_ in ("that",))]
            # An attribution inverted after the content belongs to the speaker, not the content.
            toks = [t for t in toks if t.i < verb.i or t.i > verb.i]
            start, end = min(t.i for t in toks), max(t.i for t in toks) + 1
            return start, _end_of_one_statement(child, start, end)
    clause = _as_clause(verb) or _clause_read_as_adverbial(verb) or _directive(verb)
    if clause is not None:
        return clause
    if lemma in CLAUSE_ONLY:
        return None if lemma in LISTENER_VERBS else _clause_read_as_object(verb)
    if lemma in RIGHT_SIDE:
        right = [t for t in verb.subtree if t.i > verb.i and t.dep_ not in ("punct",)]
        right = [t for t in right if not any(a.dep_ in ("advcl",) and a.head == verb for a in [t] + list(t.ancestors) if a.i > verb.i)]
        if right:
            return right[0].i, right[-1].i + 1
        return None
    if lemma in OBJECT_VERBS:
        for child in verb.children:
            if child.dep_ in ("dobj", "attr", "oprd"):
                toks = list(child.subtree)
                start = verb.i if lemma in KEEP_VERB else toks[0].i
                return start, toks[-1].i + 1
    return None


def _end_of_one_statement(head: Token, start: int, end: int) -> int:
    """Where a reported clause ends: before a second speech verb coordinated with its own ('promised X and said Y':
    two statements), and at a semicolon that opens another clause."""
    doc = head.doc
    for conj in head.children:
        if conj.dep_ == "conj" and _is_speech_verb(conj):
            cc = next((t for t in head.children if t.dep_ == "cc" and head.i < t.i < conj.i), conj)
            end = min(end, cc.i)
        elif conj.dep_ == "advcl" and conj.i > head.i and _is_speech_verb(conj) and any(c.dep_ == "nsubj" for c in conj.children):
            end = min(end, conj.left_edge.i)  # '..., though she noted Y': her own statement
    semicolon = next((t.i for t in doc[start:end] if t.text == ";"), None)
    return semicolon if semicolon is not None and semicolon > start else end


def _puts_it(verb: Token) -> bool:
    """'as a memo put it, ...': 'put it' after 'as' is a speech verb."""
    return verb.lemma_ == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children) and _as_clause(verb) is not None


def _as_clause(verb: Token) -> tuple[int, int] | None:
    """'As experts have pointed out, X.', 'As a memo put it, X.': a fronted as-clause attributes the clause it
    opens; the content runs from after its comma to the end of the main clause."""
    if verb.dep_ != "advcl" or verb.i > verb.head.i or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    start = verb.right_edge.i + 1
    while start < len(verb.doc) and (verb.doc[start].is_punct or verb.doc[start].is_space):
        start += 1
    end = verb.head.right_edge.i + 1
    return (start, end) if end - start >= 3 else None


def _directive(verb: Token) -> tuple[int, int] | None:
    """'told his advisers to find a way', 'asked voters to stay home': the listener and what they were told to do."""
    if verb.lemma_.lower() not in DIRECTIVE_VERBS or verb.tag_ == "VB":
        return None  # 'are permitted to ask the FA to act': a bare infinitive asks nothing yet
    listener = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    todo = next((c for c in verb.children if c.dep_ == "xcomp" and listener is not None and c.i > listener.i), None)
    if todo is None or not any(c.dep_ == "aux" and c.lower_ == "to" for c in todo.children):
        return None
    end = next((c.i for c in todo.children if c.dep_ == "cc"), todo.right_edge.i + 1)
    return listener.left_edge.i, end


def _clause_read_as_adverbial(verb: Token) -> tuple[int, int] | None:
    """'said after the meeting he would not accept it': the parser made the reported clause an adverbial one;
    a clause after a saying verb with a subject of its own and no subordinator ('if', 'because') is what was said."""
    if verb.lemma_.lower() not in TAG_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "advcl" and child.i > verb.i and child.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "mark" for c in child.children) or not any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                continue
            toks = list(child.subtree)
            return toks[0].i, _end_of_one_statement(child, toks[0].i, toks[-1].i + 1)
    return None


def _clause_read_as_object(verb: Token) -> tuple[int, int] | None:
    """'said more than 15,000 people registered': the parser took the clause's subject for the verb's
    object and the clause's verb for a participle on it; the object with its participle is the content."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.i > verb.i:
            participle = next((c for c in child.children if c.dep_ == "acl" and c.i > child.i and c.tag_ in ("VBD", "VBN")), None)
            if participle is not None and not any(t.text == "," for t in verb.doc[child.i : participle.i]):
                return child.left_edge.i, max(t.i for t in child.subtree) + 1
    return None


def _clause_around_a_tag(sent: Span, verb: Token) -> tuple[int, int, tuple[int, int] | None] | None:
    """A tag set off by commas, '..., Roe said.' or 'X, Roe said, until Y.': the content is everything before
    it, or, for a tag inside the sentence, the whole sentence less the tag (its token range, commas included).
    The parser links such a clause loosely, if at all; a time or place may follow the verb ('said on Monday')."""
    doc = verb.doc
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or verb.lemma_.lower() not in TAG_VERBS:
        return None
    left = min(subject.left_edge.i, verb.i)
    if left < 1 or doc[left - 1].text != ",":
        return None
    tail_end = max(subject.i, verb.i) + 1
    while tail_end < sent.end and doc[tail_end].text != "," and not (doc[tail_end].is_punct and tail_end == sent.end - 1):
        tail_end += 1
    tail = [t for t in doc[max(subject.i, verb.i) + 1 : tail_end] if not (t.is_punct or t.is_space)]
    if len(tail) > 4 or any(t.pos_ in ("VERB", "AUX") or t.dep_ in ("ccomp", "dobj") for t in tail):
        return None
    after = [t for t in doc[tail_end:sent.end] if not (t.is_punct or t.is_space)]
    # The parser sometimes ends the sentence at the comma: ', it said.' alone; the clause is the one before.
    start = sent.start if left - 1 > sent.start else sentence_of(doc[left - 2]).start if left >= 2 else sent.start
    if not after:
        return (start, left - 1, None) if left - 1 > start else None
    if len(after) >= 3 and left - 1 > start and verb.dep_ != "ROOT":
        return start, sent.end, (left - 1, tail_end + 1)
    return None


def _trim_punct(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].lower_ in ("that",) and start < end - 1 and doc[start].dep_ == "mark"
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in ('"', "”"):
        end -= 1
    return start, end


class _Statements:
    """The statements of one document as they are found: each kept when its content has two words or more (one, for
    a quote whose tag names its speaker)."""

    def __init__(self, text: str, document_id: str) -> None:
        self.text, self.document_id = text, document_id
        self.found: list[Statement] = []
        self.indirect_ranges: list[tuple[int, int]] = []  # character spans of reported clauses

    def add(self, kind: str, start: int, end: int, content: str, speaker: tuple[str | None, Actor | None, str | None],
            sent_i: int, confidence: float) -> None:  # fmt: skip
        """Keep one statement; ``speaker`` is (speaker text, actor, verb lemma)."""
        if kind == "indirect":
            self.indirect_ranges.append((start, end))  # (even when too short to keep: its quotes are its own)
        content = _clean_content(content)
        one_word_reply = kind == "direct" and speaker[0] is not None  # '"Hopefully," the president said.'
        if len(content.split()) < (1 if one_word_reply else 2) or not content.strip(".,;:!?-") or _not_speech(content, speaker[0]):
            return
        speaker_text, actor, verb = speaker
        self.found.append(
            Statement(
                statement_id=stable_id(self.document_id, kind, start, end),
                kind=kind,
                content=content,
                start=start,
                end=end,
                speaker_text=speaker_text,
                speaker_actor_id=actor.actor_id if actor else None,
                verb=verb,
                sentence_index=sent_i,
                paragraph_index=_paragraph_index(self.text, start),
                confidence=confidence,
            )
        )


def _not_speech(content: str, speaker_text: str | None) -> bool:
    """A promo line ('Follow Ann Lee on Twitter @annlee') or a kicker set in capitals, speaker and words alike
    ('HE'S FULL OF IT, SAYS HIS BOSS'): page furniture that reads like speech."""
    words = content.split()
    if words[0].lower() in PROMO_OPENERS and ("@" in content or any(w.strip(".,").lower() in SOCIAL_NETWORKS for w in words)):
        return True
    return bool(speaker_text) and _in_capitals(speaker_text) and _in_capitals(content)


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def extract_statements(doc: Doc, index: ActorIndex, document_id: str) -> list[Statement]:
    """All statements of one parsed body, in text order: reported speech first (a quote inside a reported clause
    belongs to it), then the direct quotes."""
    text = document_text(doc)
    ctx = _Context(doc, index, find_quotes(text))
    out = _Statements(text, document_id)
    sents = sentences(doc)
    for si, sent in enumerate(sents):
        for tok in sent:
            if ctx.in_quote[tok.i]:
                continue
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                _according_to(ctx, sent, tok, si, out)
            elif _is_speech_verb(tok) or _puts_it(tok):
                _reported_clause(ctx, sent, tok, si, out)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in CLAIM_NOUNS:
                _claimed_clause(ctx, tok, si, out)
    sent_of = {t.i: si for si, s in enumerate(sents) for t in s}
    for q in ctx.quotes:
        _direct_quote(ctx, q, sents, sent_of, out)
    _transcript_turns(ctx, out, sent_of)
    _block_quotes(ctx, out, sents)
    out.found.sort(key=lambda s: s.start)
    return _dedupe(out.found)


# 'PENCE: Well, look, ...', 'MR. TRUMP: ...': a transcript turn opens with its speaker's name in capitals and a colon
# (the whole turn sometimes inside quotation marks).
_TURN = re.compile(r"(?m)^[ \t]*[\"\u201c]?((?:[A-Z][A-Z.'\u2019-]*\s){0,3}[A-Z][A-Z'\u2019-]+):[ \t]+(?=\S)")


def _transcript_turns(ctx: _Context, out: _Statements, sent_of: dict[int, int]) -> None:
    """Each turn of a transcript is one direct statement of the person its label names (a question is the asker's);
    what else was found inside the turn is part of it. A label that names no person of the article
    ('UPDATE:', 'WATCH:') is not a turn."""
    for m in _TURN.finditer(out.text):
        actor = _person_named(ctx.index, m.group(1))
        if actor is None:
            continue
        start = m.end()
        end = out.text.find("\n", start)
        end = len(out.text) if end < 0 else end
        while end > start and (out.text[end - 1].isspace() or out.text[end - 1] in '"\u201d'):
            end -= 1
        out.found = [s for s in out.found if not (m.start() <= s.start and s.end <= end)]
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        si = sent_of.get(span.start, 0) if span is not None else 0
        out.add("direct", start, end, out.text[start:end], (m.group(1), actor, None), si, 0.9)


def _block_quotes(ctx: _Context, out: _Statements, sents: list[Span]) -> None:
    """'Roe added:' alone on its line: the next paragraph is Roe's words, set as a block quote (marks or none)."""
    text = out.text
    for si, sent in enumerate(sents[:-1]):
        toks = [t for t in sent if not t.is_space]
        if not toks or toks[-1].text != ":" or not text[toks[-1].idx + 1 :].startswith("\n"):
            continue
        if toks[0].idx > 0 and not text[: toks[0].idx].endswith("\n"):
            continue  # the lead-in opens its paragraph
        verb = next((t for t in reversed(toks) if _is_speech_verb(t) and _speaker_token(t) is not None), None)
        if verb is None:
            continue
        start = len(text) - len(text[toks[-1].idx + 1 :].lstrip())
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while end > start and (text[end - 1].isspace() or text[end - 1] in QUOTE_CLOSE):
            end -= 1
        while start < end and text[start] in QUOTE_OPEN:
            start += 1
        if end - start < 20 or any(s.start <= start < s.end for s in out.found if s.kind == "direct"):
            continue
        subject = _speaker_token(verb)
        speaker_text, actor = ctx.resolve(subject)
        ctx.remember(subject.i, actor, speaker_text)
        out.found = [s for s in out.found if not (start <= s.start and s.end <= end)]
        out.add("direct", start, end, text[start:end], (speaker_text, actor, verb.lemma_), si + 1, 0.8)


def _person_named(index: ActorIndex, label: str) -> Actor | None:
    """The person of the article a capitalised label names: full name or surname ('PENCE' -> Mike Pence)."""
    words = [fold(w) for w in re.findall(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?", label)]
    words = [w for w in words if w not in TITLE_WORDS] or words
    if not words:
        return None
    for actor in index.actors.values():
        names = [fold(w) for w in actor.canonical_name.split()]
        if actor.actor_type == "person" and names and (names == words or names[-1] == words[-1]):
            return actor
    return None


def _reported_clause(ctx: _Context, sent: Span, verb: Token, si: int, out: _Statements) -> None:
    """'X said (that) ...', '..., X said': the clause a speech verb reports, attributed to its subject."""
    doc = ctx.doc
    comp, around = _complement(verb), _clause_around_a_tag(sent, verb)
    tag = None
    if around is not None and (comp is None or comp[1] <= verb.i):  # a tag after or inside what it reports
        comp, tag = around[:2], around[2]
    if comp is None:
        return
    start, end = _trim_punct(doc, *comp)
    if end - start < 3 or (_share_in_quotes(ctx, start, end) > 0.6 and _holds_a_quote_of_its_own(ctx, ctx.quotes, start, end)):
        return  # the clause is a quote that stands as a direct statement; a quoted fragment ('said it "regrets ..."') stays here
    subject = _speaker_token(verb)
    if subject is None or (start <= subject.i < end and tag is None):
        return  # "it is said that ...": no speaker, and no statement we can attribute
    speaker_text, actor = ctx.resolve(subject)
    if actor is None and verb.lemma_.lower() in OPTIONAL_OBJECT_VERBS:
        return
    ctx.remember(subject.i, actor, speaker_text)
    span = doc[start:end]
    content = span.text if tag is None else f"{doc[start : tag[0]].text} {doc[tag[1] : end].text}"  # the words said, less the tag
    out.add("indirect", span.start_char, span.end_char, content, (speaker_text, actor, verb.lemma_), si, 0.7)


def _claimed_clause(ctx: _Context, noun: Token, si: int, out: _Statements) -> None:
    """"X's claim that ...": the that-clause a claim noun carries, attributed to the noun's owner."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    clause = next(
        (c for c in noun.children if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)),
        None,
    )
    if owner is None or clause is None or owner.lower_ == "its":
        return
    toks = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause)]
    start, end = _trim_punct(ctx.doc, min(t.i for t in toks), _end_of_one_statement(clause, toks[0].i, max(t.i for t in toks) + 1))
    if end - start < 3:
        return
    speaker_text, actor = ctx.resolve(owner)
    speaker_text = re.sub(r"\s*['\u2019]s?$", "", speaker_text or "") or None  # "the mayor's" -> "the mayor"
    # not remembered as the story's latest speaker: 'he hit back at X's claim that ...' leaves 'he' the speaker
    span = ctx.doc[start:end]
    out.add("indirect", span.start_char, span.end_char, span.text, (speaker_text, actor, noun.lemma_), si, 0.6)


def _direct_quote(ctx: _Context, q: Quote, sents: list[Span], sent_of: dict[int, int], out: _Statements) -> None:
    """A quote that stands as a statement, with its speaker; an unattributed one continues the latest speaker
    (news style for running quotes)."""
    span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return
    if any(s <= q.start and q.end <= e for s, e in out.indirect_ranges):
        return  # a quoted fragment inside a reported clause belongs to that clause
    if not _standalone(ctx.doc, span, ctx):
        return
    speaker_text, actor, verb = _signature(ctx, q) or _quote_speaker(ctx, span, sents, sent_of)
    confidence = 0.9 if speaker_text else 0.3
    previous = ctx.last_speaker(span.start) if speaker_text is None else None
    if previous is not None:
        speaker_text, actor = previous
        confidence = 0.6
        ctx.remember(span.start, actor, speaker_text)
    out.add("direct", q.start, q.end, out.text[q.start : q.end], (speaker_text, actor, verb), sent_of.get(span.start, 0), confidence)


# '"...” ― Ann Lee' : a quote signed with a dash and a name after its closing mark, on its line or alone on the next.
_NAME_WORD = r"[A-Z][\w.'\u2019-]*"
_SIGNATURE = re.compile(rf"[ \t]*\n?[ \t]*[\u2015\u2014\u2013-][ \t]*({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}})[ \t]*\.?[ \t]*(?:\n|$)")


def _signature(ctx: _Context, q: Quote) -> tuple[str, Actor, None] | None:
    """The person who signs a quote (readers' and voters' quotes in a list): (name, actor, no verb)."""
    text = document_text(ctx.doc)
    end = q.end
    while end < len(text) and text[end] in "\"\u201d'":
        end += 1
    m = _SIGNATURE.match(text, end)
    if m is None:
        return None
    span = ctx.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    if span is None:
        return None
    actor = ctx.index.actor_in(span.start, span.end, ("person",)) or ctx.index.speaker(
        m.group(1).rstrip("."), "person", span.start, span.end, offset=m.start(1), scoped=False
    )
    ctx.remember(span.start, actor, m.group(1))
    return m.group(1).rstrip("."), actor, None


def _dedupe(statements: list[Statement]) -> list[Statement]:
    """Drop a statement whose span lies inside another of the same kind (nested ccomps)."""
    out: list[Statement] = []
    for s in statements:
        if any(
            o is not s and o.kind == s.kind and o.start <= s.start and s.end <= o.end and (o.start, o.end) != (s.start, s.end)
            for o in statements
        ):
            continue
        if any((o.start, o.end, o.kind) == (s.start, s.end, s.kind) for o in out):
            continue
        out.append(s)
    return out


def _standalone(doc: Doc, span: Span, ctx: _Context) -> bool:
    """A quote that is a statement on its own, not a scare-quoted word inside a sentence."""
    words = [t for t in span if t.is_alpha]
    sent = sentence_of(doc[span.start])
    before = [t for t in doc[sent.start : span.start] if not t.is_space and t.text not in QUOTE_OPEN | QUOTE_CLOSE]
    if len(words) < 3:
        return not before and bool(words) and _tagged_right_after(doc, span)  # '"My hope," she said.'
    if not before:
        return True
    last = before[-1]
    if last.text in (":", ","):
        return True
    if _is_speech_verb(last) or (last.dep_ in ("nsubj",) and _is_speech_verb(last.head)):
        return True
    # Several sentences inside the marks are a statement wherever they start.
    return len(list(span.sents)) > 1 or (span[0].text[:1].isupper() and len(words) >= 6)


def _tagged_right_after(doc: Doc, span: Span) -> bool:
    """A comma closes the quote and a speech tag follows the mark: 'said Roe', 'she added', 'Roe said'."""
    k = span.end
    while k < len(doc) and (doc[k].is_space or doc[k].text in QUOTE_CLOSE | {'"', "'", "’"}):
        k += 1
    if not (doc[span.end - 1].text == "," or (k < len(doc) and doc[k].text == ",")):
        return False
    k += 1 if k < len(doc) and doc[k].text == "," else 0
    while k < len(doc) and (doc[k].is_space or doc[k].text in QUOTE_CLOSE | {'"', "'", "’"}):
        k += 1
    tag = [t for t in doc[k : k + 4] if not t.is_space]
    return any(_is_speech_verb(t) for t in tag[:3])


def _quote_speaker(ctx: _Context, span: Span, sents: list[Span], sent_of: dict[int, int]) -> tuple[str | None, Actor | None, str | None]:
    """Speaker of a direct quote: the first of QUOTE_TAGS that finds a speech verb with a subject; (text, actor, verb)."""
    first = sent_of.get(span.start, 0)
    last = sent_of.get(span.end - 1, first)
    for find in QUOTE_TAGS:
        found = find(ctx, span, sents, first, last)
        if found is not None:
            subject, verb = found
            text, actor = ctx.resolve(subject)
            ctx.remember(subject.i, actor, text)
            return text, actor, verb.lemma_
    return None, None, None


def _verb_beside_the_quote(ctx: _Context, span: Span, sents: list[Span], first: int, last: int) -> tuple[Token, Token] | None:
    """'"...," Roe said.', 'Roe said: "..."': a speech verb outside the marks in the quote's sentences (the closest)."""
    verbs = [
        tok
        for si in range(first, last + 1)
        for tok in sents[si]
        if not ctx.in_quote[tok.i] and (_is_speech_verb(tok) or _leads_in(tok, span))
    ]
    verbs.sort(key=lambda t: min(abs(t.i - span.start), abs(t.i - span.end)))
    for verb in verbs:
        subject = _speaker_token(verb) or _inverted_speaker(ctx, verb)
        if subject is not None and ctx.in_quote[subject.i]:
            subject = _name_between(ctx, span, verb)  # the parser took the quote for the subject
        if subject is not None and not ctx.in_quote[subject.i]:
            return subject, verb
    return None


def _leads_in(verb: Token, span: Span) -> bool:
    """'Roe continued: "..."': a lead-in verb whose colon opens the quote."""
    doc = verb.doc
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in LEAD_IN_VERBS or verb.i + 1 >= len(doc) or doc[verb.i + 1].text != ":":
        return False
    between = [t for t in doc[verb.i + 2 : span.start] if not t.is_space]
    return all(t.text in QUOTE_OPEN for t in between)


def _name_between(ctx: _Context, span: Span, verb: Token) -> Token | None:
    """'"...," Rep. Ann Roe (D-Md.) said': the last name between the closing mark and the verb, titles and a
    parenthesis around it allowed."""
    doc = ctx.doc
    if not span.end <= verb.i <= span.end + 12:
        return None
    names = [t for t in doc[span.end : verb.i] if t.pos_ == "PROPN" and not ctx.in_quote[t.i] and ctx.index.actor_at(t.i) is not None]
    return names[-1] if names and all(not t.is_sent_start or t.i == names[0].i for t in doc[names[-1].i : verb.i]) else None


def _colon_lead_in(ctx: _Context, span: Span, sents: list[Span], first: int, last: int) -> tuple[Token, Token] | None:
    """'Roe said:' ending the previous sentence of the same paragraph."""
    if first == 0:
        return None
    prev = sents[first - 1]
    tail = [t for t in prev if not t.is_space]
    if not tail or tail[-1].text != ":" or "\n" in ctx.doc[prev.end - 1 : span.start].text:
        return None
    for tok in reversed(tail):
        if _is_speech_verb(tok) and (subject := _speaker_token(tok)) is not None:
            return subject, tok
    return None


def _tag_after_the_mark(ctx: _Context, span: Span, sents: list[Span], first: int, last: int) -> tuple[Token, Token] | None:
    """'"Can I go?" Roe asked.': the model ends the sentence at the mark; the next one opens with the speaker
    and the verb within two words (only an attribution tag), or, opening in lower case, is a tag however long."""
    doc = ctx.doc
    if last + 1 >= len(sents) or doc[span.end - 1].text not in QUOTE_CLOSE | {"?", "!", "."}:
        return None
    head = [t for t in sents[last + 1][:5] if not t.is_space]
    if not head or head[0].idx - span.end_char > 2 or "\n" in document_text(doc)[span.end_char : head[0].idx]:
        return None
    verb = next((t for t in head if _is_speech_verb(t)), None)
    near = True
    if verb is None and head[0].is_lower and _is_speech_verb(sents[last + 1].root):
        verb, near = sents[last + 1].root, False  # '"...!" his niece, a state senator, shouted': a tag in lower case
    subject = _speaker_token(verb) if verb is not None else None
    if subject is None or subject.left_edge.i != head[0].i or ctx.in_quote[subject.i]:
        return None
    return (subject, verb) if not near or 0 < verb.i - subject.i <= 2 else None


QUOTE_TAGS = (_verb_beside_the_quote, _colon_lead_in, _tag_after_the_mark)


def _according_to(ctx: _Context, sent: Span, tok: Token, si: int, out: _Statements) -> None:
    """'According to X, clause' and 'clause, according to X': an indirect statement of X."""
    doc = ctx.doc
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return
    phrase_end = max(t.i for t in pobj.subtree) + 1
    phrase_start = tok.i
    # The attributed clause follows the phrase ('According to X, ...', '..., and, according to X, is now ...');
    # only a phrase closing the sentence attributes what precedes it.
    after = [t for t in doc[phrase_end : sent.end] if not (t.is_punct or t.is_space)]
    if len(after) >= 3:
        start, end = phrase_end, sent.end
    else:
        start, end = sent.start, phrase_start
    start, end = _trim_punct(doc, start, end)
    if end - start < 3:
        return
    speaker_text, actor = ctx.resolve(pobj)
    ctx.remember(pobj.i, actor, speaker_text)
    span = doc[start:end]
    out.add("indirect", span.start_char, span.end_char, span.text, (speaker_text, actor, "according to"), si, 0.8)
