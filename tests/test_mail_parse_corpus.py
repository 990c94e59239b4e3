"""Aggregate scores on the development corpus (outside the repo; skipped when absent).

Set COPDESK_CORPUS to a folder of NN_*.eml with gold NN_*.json (shared/corpus/README.md).
"""
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from mail.parse import parse_message

CORPUS = Path(os.environ.get("COPDESK_CORPUS", "/work/shared/corpus"))
TARGETS = {"names_f1": 0.97, "email": 0.98, "sender": 0.98, "kind": 0.97}


def tokens(name: str) -> frozenset[str]:
    text = unicodedata.normalize("NFKC", name).casefold()
    return frozenset(re.sub(r"[^\w\s'\-]", " ", text).split())


def sender_matches(predicted, gold) -> bool:
    if gold is None or predicted is None:
        return predicted is gold
    if gold.get("iso3") and predicted.iso3 == gold["iso3"]:
        return True
    names = {n.casefold() for n in [gold["name"], *gold.get("aliases", [])]}
    return predicted.name.casefold() in names


def score() -> dict[str, float]:
    tp = fp = fn = kinds = senders = delegations = emails = email_total = 0
    files = sorted(CORPUS.glob("*.eml"))
    for path in files:
        gold = json.loads(path.with_suffix(".json").read_text("utf-8"))
        result = parse_message(path.read_bytes())
        kinds += result.kind == gold["kind"]
        if gold["kind"] == "delegation":
            delegations += 1
            senders += sender_matches(result.sender, gold["sender"])
        predicted = {tokens(p.name): p for p in result.participants}
        for person in gold["participants"]:
            match = predicted.pop(tokens(person["name"]), None)
            tp, fn = tp + bool(match), fn + (not match)
            if match:
                email_total += 1
                emails += (match.email or "").casefold() == (person["email"] or "").casefold()
        fp += len(predicted)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"names_f1": f1, "email": emails / max(email_total, 1), "sender": senders / max(delegations, 1),
            "kind": kinds / max(len(files), 1)}


@pytest.mark.skipif(not any(CORPUS.glob("*.eml")), reason=f"no development corpus at {CORPUS} (set COPDESK_CORPUS)")
def test_corpus_scores_stay_above_targets():
    scores = score()
    assert all(scores[key] >= target for key, target in TARGETS.items()), scores
