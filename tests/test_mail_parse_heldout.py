"""Aggregate scores on our own held-out set (tests/data/heldout): other States, writers and layouts than the dev corpus.

Scored like shared/tools/score_corpus.py: name token sets after NFKC + casefold with punctuation
stripped (inner hyphens and apostrophes kept), e-mail accuracy over matched people with a gold address,
sender accuracy over delegation files (iso3, else name or alias), kind accuracy over all files.
The thresholds sit a little under today's 1.0 so that one lost person or one misread file in 45 passes,
but a rule that breaks a layout (several people or files) fails.
"""
import json
import unicodedata
from pathlib import Path

import pytest

from mail.parse import parse_message

HELDOUT = Path(__file__).parent / "data" / "heldout"
TARGETS = {"names_f1": 0.97, "email": 0.97, "sender": 0.97, "kind": 0.95, "head": 0.95}


def name_tokens(name: str) -> frozenset[str]:
    """Token set of a name: punctuation becomes space except '-' and "'" between letters."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    out = []
    for i, char in enumerate(text):
        inner = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
        out.append(char if char.isalnum() or unicodedata.category(char)[0] == "M" or (char in "-'" and inner) else " ")
    return frozenset("".join(out).split())


def sender_matches(predicted, gold) -> bool:
    """Whether a predicted entity matches the gold sender (iso3 first, then name or alias)."""
    if gold is None or predicted is None:
        return predicted is gold
    if gold.get("iso3") and predicted.iso3 == gold["iso3"]:
        return True
    return predicted.name.casefold() in {n.casefold() for n in [gold["name"], *gold.get("aliases", [])]}


def cases(folder: Path = HELDOUT) -> list[tuple[Path, dict]]:
    """Return (message path, gold annotation) pairs of a held-out set."""
    return [(path, json.loads(path.with_suffix(".json").read_text("utf-8"))) for path in sorted(folder.glob("*.eml"))]


def score(folder: Path = HELDOUT) -> dict[str, float]:
    """Return the aggregate scores of the parser over a held-out set."""
    tp = fp = fn = kinds = senders = delegations = emails = email_total = heads = 0
    pairs = cases(folder)
    for path, gold in pairs:
        result = parse_message(path.read_bytes())
        kinds += result.kind == gold["kind"]
        if gold["kind"] == "delegation":
            delegations += 1
            senders += sender_matches(result.sender, gold["sender"])
        predicted = {name_tokens(p.name): p for p in result.participants}
        for person in gold["participants"]:
            match = predicted.pop(name_tokens(person["name"]), None)
            tp, fn = tp + bool(match), fn + (not match)
            if match:
                heads += match.head == person["head"]
                if person["email"]:
                    email_total += 1
                    emails += (match.email or "").casefold() == person["email"].casefold()
        fp += len(predicted)
    return {"names_f1": 2 * tp / max(2 * tp + fp + fn, 1), "email": emails / max(email_total, 1),
            "sender": senders / max(delegations, 1), "kind": kinds / max(len(pairs), 1), "head": heads / max(tp, 1)}


def test_heldout_set_is_annotated():
    pairs = cases()
    assert len(pairs) >= 30
    assert {gold["kind"] for _, gold in pairs} == {"delegation", "other"}
    assert all(gold["participants"] == [] for _, gold in pairs if gold["kind"] == "other")


@pytest.mark.parametrize("name, expected", [
    ("GONZÁLEZ PÉREZ, María", frozenset({"gonzález", "pérez", "maría"})),
    ("Jean-Baptiste N'GUESSAN", frozenset({"jean-baptiste", "n'guessan"})),
    ("Rajesh a/l KRISHNAN", frozenset({"rajesh", "a", "l", "krishnan"})),
])
def test_name_tokens_follow_the_scorer(name, expected):
    assert name_tokens(name) == expected


def test_heldout_scores_stay_above_targets():
    scores = score()
    assert all(scores[key] >= target for key, target in TARGETS.items()), scores
