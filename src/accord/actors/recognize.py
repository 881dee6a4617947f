"""Find actor mentions in a parsed ``Doc``: names, titles, sector nouns, pronouns.

Recognition only says *what kind of thing* a span names and which cues surround it;
:mod:`accord.actors.resolve` then decides *which actor* each mention belongs to.
Token indices are used throughout; end is exclusive.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .cues import (
    ADJ_TAGS,
    DETERMINERS,
    PERSON_LABELS,
    PLACE_LABELS,
    POSSESSIVE,
    PROPN_TAGS,
    SUBJECT_DEPS,
    Cues,
    affiliation,
    is_locative,
    is_plural_or_compound,
    lexicon_at,
    looks_like_name,
    name_text,
    next_is_name,
    next_noun_end,
    token_labels,
)
from .gazetteer import Entry, Gazetteer, Match
from .kb import KnowledgeBase
from .mentions import Affiliation, MentionKind, PlaceMention, RawMention, Title

_DESCRIPTIVE_TAGS = frozenset({"JJ", "VBG", "VBN"})
_PLURAL = frozenset({"NNS", "NNPS"})


class Recognizer:
    def __init__(self, gazetteer: Gazetteer, kb: KnowledgeBase) -> None:
        self.gaz = gazetteer
        self.kb = kb
        self._honorifics = {h.form: h.gender for h in kb.honorifics if h.form}
        self._gendered = {g.word.lower(): g.gender for g in kb.gendered_roles if g.word}
        self._pronouns = {p.form: p for p in kb.pronouns if p.person_only}
        self._role_entries = {r.title.lower(): r for r in kb.roles}

    def __call__(self, doc: Doc) -> tuple[list[RawMention], list[PlaceMention]]:
        """Mentions in document order, and the states, capitals, cities and regions used as
        places."""
        found = self.gaz.names(doc)
        names = [m for m in found if m.entry.kind != "place"]
        cues = Cues(doc, self._accept_names(doc, names), self.gaz.lexicon(doc))
        cues.places = {i for m in found if m.entry.kind == "place" for i in range(m.start, m.end)}
        cues.place_at_start = {
            m.start: m for m in found if m.entry.kind == "place" and m.entry.code
        }
        cues.index()
        mentions = self._peoples(doc, cues)
        mentions += self._people(doc, cues)
        mentions += self._anonymous_titles(doc, cues)
        mentions += self._organisations(doc, cues)
        named, places = self._names(doc, cues)
        mentions += named
        # "shelled Kharkiv": a city or region with a country is a place there, never an actor
        people = {i for m in mentions if m.kind == "person" for i in range(m.start, m.end)}
        places += [
            PlaceMention(m.start, m.end, m.entry.code)
            for m in found
            if m.entry.kind == "place" and m.entry.code and people.isdisjoint(range(m.start, m.end))
        ]
        places.sort(key=lambda p: p.start)
        mentions += self._igo_descriptions(doc, cues)
        mentions += self._pronoun_mentions(doc, cues)
        mentions.sort(key=lambda m: (m.start, m.end))
        for m in mentions:
            m.subject = doc[m.start : m.end].root.dep_ in SUBJECT_DEPS
        return mentions, places

    # -- names of states, IGOs, seats ------------------------------------------------
    def _accept_names(self, doc: Doc, names: list[Match]) -> list[Match]:
        """Drop ambiguous aliases that the NER does not read as places."""
        label = token_labels(doc)
        kept = []
        for m in names:
            if m.entry.ambiguous and not any(
                label[i] in PLACE_LABELS for i in range(m.start, m.end)
            ):
                continue
            kept.append(m)
        return kept

    def _names(self, doc: Doc, cues: Cues) -> tuple[list[RawMention], list[PlaceMention]]:
        out: list[RawMention] = []
        places: list[PlaceMention] = []
        for m in cues.names:
            if not cues.free(m.start, m.end):
                continue
            e = m.entry
            if e.kind in ("state", "capital", "igo_seat", "seat") and is_locative(doc, m.start):
                # "talks in Beijing": a place, not an actor
                country = e.code if e.kind != "igo_seat" else None
                places.append(PlaceMention(m.start, m.end, country))
                continue
            if e.kind in ("state", "capital"):
                out.append(RawMention("state", m.start, m.end, e.form, code=e.code))
            elif e.kind == "igo":
                out.append(RawMention("igo", m.start, m.end, "alias", code=e.code))
            elif e.kind == "igo_seat":
                out.append(RawMention("igo_seat", m.start, m.end, "seat", candidates=e.candidates))
            elif e.kind == "organization":
                start = m.start - 1 if m.start > 0 and doc[m.start - 1].lower_ == "the" else m.start
                out.append(
                    RawMention(
                        "named_org",
                        start,
                        m.end,
                        "name",
                        code=e.country,
                        sector=e.sector,
                        org=e.org,
                        name=e.code,
                    )
                )
            elif e.kind == "seat":
                start = m.start - 1 if m.start > 0 and doc[m.start - 1].lower_ == "the" else m.start
                out.append(RawMention("org", start, m.end, "seat", code=e.code, sector=e.sector))
            cues.claim(m.start, m.end)
        return out, places

    # -- peoples: "Nigerians", "Iraqi Kurds", "ethnic Albanians in Kosovo" ----------
    def _peoples(self, doc: Doc, cues: Cues) -> list[RawMention]:
        """Communities named as such, coded with the state they live in (see peoples.yaml).

        A plural demonym used as a noun is the people of its state ("Nigerians"); a
        people after a state adjective lives there ("Iraqi Kurds", "Bosnian Serbs");
        "of" a state or place says where a community lives ("the Albanians of southern
        Serbia"), and so does "in" for peoples and "ethnic" demonyms ("Kurds in Syria").
        An ethnic demonym with no such phrase takes the sentence's first other state or
        place ("killed three ethnic Albanians in southern Serbia"), else no state."""
        out: list[RawMention] = []
        for m in cues.names:
            kind, code, start = m.entry.kind, m.entry.code, m.start
            if kind == "people":
                before = cues.name_at_end.get(m.start)
                if before is not None and before.entry.kind == "state":
                    code, start = before.entry.code, before.start  # "Iraqi Kurds"
                else:
                    code = ""
            elif kind != "state" or m.entry.form != "demonym" or doc[m.end - 1].tag_ not in _PLURAL:
                continue
            if is_plural_or_compound(doc, m.end) or not cues.free(start, m.end):
                continue  # "Kurdish" / "Nigerian troops": modifiers, not peoples
            ethnic = start > 0 and doc[start - 1].lower_ == "ethnic"
            start -= ethnic
            where = self._residence(doc, cues, m.end, locative=ethnic or kind == "people")
            if where:
                code = where
            elif ethnic:
                code = self._sentence_country(doc, cues, start, m.end, other_than=code)
            if not code and kind == "people":
                continue  # "Kurds" alone: no state to code them with
            out.append(
                RawMention(
                    "people", start, m.end, "people", code=code, name=doc[start : m.end].text
                )
            )
            cues.claim(start, m.end)
        return out

    def _residence(self, doc: Doc, cues: Cues, end: int, *, locative: bool) -> str:
        """The state of "of (southern) Serbia" / "in Kosovo" right after a people."""
        if end >= len(doc) or doc[end].lower_ not in (("of", "in") if locative else ("of",)):
            return ""
        k = end + 1
        while k < len(doc) and k < end + 6:
            if k + 2 < len(doc) and doc[k + 1].text == "-":
                k += 3  # "of the Israeli-occupied West Bank": the place, not the occupier
            elif doc[k].lower_ == "the" or doc[k].tag_ in ADJ_TAGS:
                k += 1  # "in south Serbia"
            else:
                break
        return self._country_at(cues, k)

    def _sentence_country(
        self, doc: Doc, cues: Cues, start: int, end: int, *, other_than: str
    ) -> str:
        sent = doc[start].sent
        for i in range(sent.start, sent.end):
            if start <= i < end:
                continue
            code = self._country_at(cues, i)
            if code and code != other_than:
                return code
        return ""

    @staticmethod
    def _country_at(cues: Cues, i: int) -> str:
        name = cues.name_at_start.get(i)
        if name is not None and name.entry.kind in ("state", "capital"):
            return name.entry.code
        place = cues.place_at_start.get(i)
        return place.entry.code if place is not None else ""

    # -- people -------------------------------------------------------------------
    def _people(self, doc: Doc, cues: Cues) -> list[RawMention]:
        out = []
        for start, end, kb_entry in self._name_spans(doc, cues):
            if not cues.free(start, end):
                continue  # "Bosnian Serbs": a people the NER took for a person
            title = self._title_before(doc, cues, start) or self._title_after(doc, cues, end)
            mention = RawMention("person", start, end, "name", name=name_text(doc[start:end]))
            if kb_entry is not None:
                mention.candidates = kb_entry.candidates
                mention.kb_full = any(
                    self.kb.people[c].name == mention.name for c in kb_entry.candidates
                )
            if title is not None:
                mention.title = title
                if title.end <= start:  # a title in front is part of the mention
                    lead = title.affiliation.start if title.affiliation else title.start
                    mention.start = min(lead, title.start)
                    mention.form = "title"
                    if title.affiliation is None and end < len(doc) and doc[end].lower_ == "of":
                        # "King Hassan of Morocco", "President Kibaki of Kenya"
                        title.affiliation = self._affiliation_of(doc, cues, end)
                        if title.affiliation is not None:
                            mention.end = title.affiliation.end
                cues.claim(title.start, title.end)
                if title.affiliation:
                    cues.claim(title.affiliation.start, title.affiliation.end)
            mention.gender = self._gender(doc, start, mention)
            noun = lexicon_at(cues.lexicon, end, "noun")
            if noun is not None and noun.entry.sector == "GOV" and title is None:
                # "the Biden administration": the government of that person's state
                mention.kind, mention.end, mention.sector = "person_org", noun.end, "GOV"
                if start > 0 and doc[start - 1].lower_ == "the":
                    mention.start = start - 1
            cues.claim(mention.start, mention.end)
            out.append(mention)
        return out

    def _name_spans(self, doc: Doc, cues: Cues) -> list[tuple[int, int, Entry | None]]:
        """Person names from the NER and the officeholder list, titles trimmed off."""
        spans: dict[tuple[int, int], Entry | None] = {}
        kb_matches = self.gaz.people(doc)
        for ent in doc.ents:
            if ent.label_ not in PERSON_LABELS:
                continue
            start, end = self._trim_name(doc, cues, ent)
            if cues.places.issuperset(range(start, end)):
                continue  # "Rafah", "Donbas": a place the NER took for a person
            if end > start and looks_like_name(doc[start:end]):
                spans[(start, end)] = None
        for m in kb_matches:
            if any(
                n.start <= m.start and m.end <= n.end and n.end - n.start > m.end - m.start
                for n in cues.names
            ):
                continue  # "Costa" inside "Costa Rica"
            overlapping = [s for s in spans if s[0] < m.end and m.start < s[1]]
            for s in overlapping:
                del spans[s]
            lo = min([m.start, *(s[0] for s in overlapping)])
            hi = max([m.end, *(s[1] for s in overlapping)])
            spans[(lo, hi)] = m.entry
        self._add_surnames(doc, cues, spans)
        result = []
        for (start, end), entry in sorted(spans.items()):
            name_match = cues.name_at_start.get(start)
            if (
                name_match
                and name_match.end == end
                and not name_match.entry.ambiguous
                and entry is None
            ):
                continue  # the NER calls a state or IGO a person: trust the gazetteer
            result.append((start, end, entry))
        return result

    def _add_surnames(
        self, doc: Doc, cues: Cues, spans: dict[tuple[int, int], Entry | None]
    ) -> None:
        """A later bare surname of a person already named ("Hicks" after "Kathleen
        Hicks"), where the NER missed it."""
        strings = doc.vocab.strings
        surnames = {strings[doc[end - 1].text] for start, end in spans if end - start >= 2}
        covered = {i for start, end in spans for i in range(start, end)}
        # compared as string ids, without a Token object for every word of the text
        for i, orth in enumerate(doc.to_array("ORTH").tolist()):
            if orth not in surnames:
                continue
            if i not in covered and i not in cues.name_at_start and doc[i].tag_ in PROPN_TAGS:
                spans[(i, i + 1)] = None

    def _trim_name(self, doc: Doc, cues: Cues, ent: Span) -> tuple[int, int]:
        start, end = ent.start, ent.end
        # the NER may take in a whitespace token ("Kishida" + a double space)
        while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_space):
            end -= 1
        while start < end and doc[start].is_space:
            start += 1
        for i in range(end - 1, start - 1, -1):
            # Cut the entity after the last title or honorific inside it, or after a
            # state name that leaves a full name ("Russian Vladimir Putin", not "Israel Katz").
            role = cues.role_at_end.get(i + 1)
            if (role is not None and role.start >= start) or doc[i].text in self._honorifics:
                return i + 1, end
            name = cues.name_at_end.get(i + 1)
            if name is not None and name.start >= start and end - (i + 1) >= 2:
                return i + 1, end
        return start, end

    def _title_before(self, doc: Doc, cues: Cues, name_start: int) -> Title | None:
        j = name_start
        while j > 0 and doc[j - 1].text in self._honorifics:
            j -= 1
        role = cues.role_at_end.get(j)
        if role is None and j > 0 and doc[j - 1].text == ",":
            # "Venezuela's foreign minister, Yván Gil," / "the prime minister, Fumio Kishida"
            role = cues.role_at_end.get(j - 1)
            if role is None or not cues.free(role.start, role.end):
                return None
            title = self._build_title(doc, cues, role)
            before = title.start - 1
            if title.affiliation is None and (before < 0 or doc[before].lower_ != "the"):
                return None
            return title
        if role is None or not cues.free(role.start, role.end):
            return None
        return self._build_title(doc, cues, role)

    def _title_after(self, doc: Doc, cues: Cues, name_end: int) -> Title | None:
        """An apposition: "Penny Wong, Australia's foreign minister,"."""
        j = name_end
        if j >= len(doc) or doc[j].text != ",":
            return None
        j += 1
        if j < len(doc) and doc[j].lower_ in DETERMINERS:
            j += 1
        affiliation = cues.name_at_start.get(j)
        if affiliation is not None:
            j = affiliation.end
            if j < len(doc) and doc[j].text in POSSESSIVE:
                j += 1
        while j < len(doc) and doc[j].tag_ in ADJ_TAGS and j not in cues.role_at_start:
            j += 1  # "Egypt's new foreign minister"
        while (mod := lexicon_at(cues.lexicon, j, "modifier")) is not None:
            j = mod.end + (1 if mod.end < len(doc) and doc[mod.end].text == "-" else 0)
        role = cues.role_at_start.get(j)
        if role is None or next_is_name(doc, role.end):
            return None
        return self._build_title(doc, cues, role)

    def _build_title(self, doc: Doc, cues: Cues, role: Match) -> Title:
        start = role.start
        former = False
        sector = role.entry.sector
        noun = cues.noun_at_end.get(start)  # "government spokesman", "military spokesman"
        if noun is not None and noun.start < start:
            sector, start = noun.entry.sector, noun.start
        while True:
            k = start - 1 if start > 0 and doc[start - 1].text == "-" else start
            mod = cues.modifier_at_end.get(k)
            if mod is None:
                break
            former = former or mod.entry.code == "former"
            start = mod.start
        title = Title(
            role=role.entry.code,
            text=doc[start : role.end].text,
            sector=sector,
            head=role.entry.head,
            former=former,
            start=start,
            end=role.end,
        )
        title.affiliation = self._affiliation_before(doc, cues, start) or self._affiliation_of(
            doc, cues, role.end
        )
        if title.affiliation is not None and title.affiliation.end <= start:
            # "former Dutch Prime Minister": modifiers may also precede the affiliation.
            k = title.affiliation.start
            while (mod := cues.modifier_at_end.get(k)) is not None:
                title.former = title.former or mod.entry.code == "former"
                title.text = doc[mod.start : mod.end].text + " " + title.text
                k = mod.start
            title.start = min(title.start, k)
        return title

    def _affiliation_before(self, doc: Doc, cues: Cues, start: int) -> Affiliation | None:
        k = start
        # "Lebanon's new President", "Jordan's visiting King": two words at most
        j = start
        while j > max(0, start - 2) and doc[j - 1].tag_ in _DESCRIPTIVE_TAGS:
            j -= 1
        if j < start and j > 0 and doc[j - 1].text in POSSESSIVE:
            k = j
        if k > 0 and doc[k - 1].text in POSSESSIVE:
            k -= 1
        m = cues.name_at_end.get(k)
        if m is None or not cues.free(m.start, m.end):
            return None
        return affiliation(m)

    def _affiliation_of(self, doc: Doc, cues: Cues, end: int) -> Affiliation | None:
        """ "... of Japan", "... for the Philippine Coast Guard" after a title or noun."""
        if end >= len(doc) or doc[end].lower_ not in ("of", "for"):
            return None
        k = end + 1
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        m = cues.name_at_start.get(k)
        if m is None or not cues.free(m.start, m.end):
            return None
        return affiliation(m)

    def _gender(self, doc: Doc, start: int, mention: RawMention) -> str | None:
        if start > 0 and (g := self._honorifics.get(doc[start - 1].text)):
            return g
        if mention.title is not None:
            for word in mention.title.text.lower().split():
                if word in self._gendered:
                    return self._gendered[word]
        if mention.kb_full or len(mention.candidates) == 1:
            person = self.kb.people.get(mention.candidates[0]) if mention.candidates else None
            if person is not None and person.gender:
                return person.gender
        first = mention.name.split()[0] if mention.name else ""
        return self.kb.given_names.get(first)

    # -- titles without a name: "the Chinese Defense Minister", "the minister" ----
    def _anonymous_titles(self, doc: Doc, cues: Cues) -> list[RawMention]:
        out = []
        for role in cues.role_at_end.values():
            if role.entry.needs_name or not cues.free(role.start, role.end):
                continue
            if next_is_name(doc, role.end) or is_plural_or_compound(doc, role.end):
                continue
            title = self._build_title(doc, cues, role)
            if title.affiliation is not None:
                aff = title.affiliation
                start, end = min(aff.start, title.start), max(aff.end, title.end)
                mention = RawMention("anon_person", start, end, "title", title=title)
            elif title.start > 0 and doc[title.start - 1].lower_ == "the":
                mention = RawMention(
                    "description", title.start - 1, title.end, "description", title=title
                )
            else:
                continue
            mention.gender = next(
                (self._gendered[w] for w in title.text.lower().split() if w in self._gendered), None
            )
            cues.claim(mention.start, mention.end)
            out.append(mention)
        return out

    # -- organisations: "Japanese troops", "Russia's foreign ministry" -------------------
    def _organisations(self, doc: Doc, cues: Cues) -> list[RawMention]:
        out: list[RawMention] = []
        for noun in sorted(cues.noun_at_end.values(), key=lambda m: m.start):
            if not cues.free(noun.start, noun.end):
                continue
            start = noun.start
            aff = self._affiliation_before(doc, cues, start)
            while aff is None and start > noun.start - 2 and doc[start - 1].tag_ in ADJ_TAGS:
                start -= 1  # "Chinese state-owned media": skip adjectives that are not names
                aff = self._affiliation_before(doc, cues, start)
            aff = aff or self._affiliation_of(doc, cues, noun.end)
            if aff is None or aff.kind == "seat":
                continue
            end = noun.end
            while (nxt := cues.noun_at_end.get(next_noun_end(cues, end))) is not None and (
                nxt.start == end
            ):
                end = nxt.end  # "military officials": one organisation
            span_start, span_end = min(aff.start, noun.start), max(aff.end, end)
            if aff.kind == "named_org":  # "Hamas fighters": the group through its people
                out.append(
                    RawMention(
                        "named_org",
                        span_start,
                        span_end,
                        "noun",
                        code=aff.code,
                        sector=aff.sector,
                        org=aff.org,
                        name=aff.name,
                    )
                )
                cues.claim(span_start, span_end)
                continue
            kind: MentionKind = "org"
            mention = RawMention(
                kind, span_start, span_end, "noun", code=aff.code, sector=noun.entry.sector
            )
            if aff.kind == "igo":
                mention.org = aff.code
            cues.claim(span_start, span_end)
            out.append(mention)
        return out

    def _igo_descriptions(self, doc: Doc, cues: Cues) -> list[RawMention]:
        out = []
        for m in cues.lexicon:
            if m.entry.kind != "igo_noun" or m.start == 0 or not cues.free(m.start, m.end):
                continue
            if doc[m.start - 1].lower_ != "the" or is_plural_or_compound(doc, m.end):
                continue
            if m.end < len(doc) and doc[m.end].lower_ == "of":
                continue
            out.append(
                RawMention(
                    "igo_description",
                    m.start - 1,
                    m.end,
                    "description",
                    candidates=m.entry.candidates,
                )
            )
            cues.claim(m.start - 1, m.end)
        return out

    def _pronoun_mentions(self, doc: Doc, cues: Cues) -> list[RawMention]:
        out = []
        strings = doc.vocab.strings
        by_id = {strings[word]: entry for word, entry in self._pronouns.items()}
        # compared as string ids, without a Token object for every word of the text
        for i, lower in enumerate(doc.to_array("LOWER").tolist()):
            entry = by_id.get(lower)
            if entry is None or i in cues.used:
                continue
            gender = entry.gender if entry.gender in ("male", "female") else None
            out.append(RawMention("pronoun", i, i + 1, "pronoun", gender=gender))
        return out
