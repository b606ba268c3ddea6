"""Tokens -> phrases: sentences cut into phrases with one head each, slots bound, headless phrases merged.

Kept apart from ``phrases.py`` (the phrase model and slot binding) so ``merging.py`` can use the model without an
import cycle.
"""

from __future__ import annotations

from ai_designer.planning.lexer import Tok
from ai_designer.planning.merging import merge_headless
from ai_designer.planning.phrases import Phrase, bind
from ai_designer.planning.splitting import is_head, is_ref, mark_clock, sentences, split_parts
from ai_designer.planning.vocab import Vocab

__all__ = ["split_phrases"]


def split_phrases(toks: list[Tok], vocab: Vocab) -> list[Phrase]:
    """Phrases in reading order; headless phrases are merged into the phrase that accepts their dimensions."""
    phrases: list[Phrase] = []
    for s_idx, sent in enumerate(sentences(toks)):
        for part in split_parts(mark_clock(sent)):
            ph = Phrase(toks=part, sentence=s_idx)
            for i, t in enumerate(part):
                if t.concept and t.concept != "filler":
                    ph.concepts.append(t.concept)
                    if t.concept.startswith("rel:") and t.text == "&rel":
                        ph.rel = t.concept[4:]
                if is_head(t):
                    if t.concept.startswith("shape:") and (is_ref(part, i) or ph.head is not None):  # type: ignore[union-attr]
                        ph.refs.append(t.concept[6:])  # type: ignore[index]
                    elif t.concept.startswith("feat:") and is_ref(part, i):  # type: ignore[union-attr]
                        ph.feat_refs.append(t.concept[5:])  # type: ignore[index]  # "the holes"
                    elif ph.head is None:
                        ph.head, ph.head_tok = t.concept, t
                elif t.kind == "word" and t.concept is None and t.text.isalpha():
                    ph.unknown.append(t.text)
            bind(ph, vocab)
            if ph.rel is None and ph.head and ph.head.startswith("shape:"):
                idx = part.index(ph.head_tok) if ph.head_tok in part else 0
                rels = [t.concept[4:] for t in part[idx:] if (t.concept or "").startswith("rel:")]  # type: ignore[index]
                near = [t for t in part[idx:] if (t.concept or "").startswith(("face:top", "face:bottom"))]
                if rels and (near or rels[0] == "under" or any(r.text in ("on top", "on top of", "atop", "above", "onto")
                                                                 for r in part[idx:] if r.concept == "rel:on_top")):
                    ph.rel = rels[0]
            phrases.append(ph)
    return merge_headless(phrases, vocab)
