"""Aggregate scores on a second held-out set (tests/data/heldout2), written blind before the parser was tuned on it.

28 files: roman-numeral and lettered lists, prose without honorifics, 'FAMILY Given' and 'Family, Given' lines,
broken addresses, HTML tables with merged header cells and <br> blocks, a .docx of line-broken paragraphs,
forwards, a bottom-posted reply, a read receipt, an out-of-office by subject only, UN and NGO observers.
Scored as tests/test_mail_parse_heldout.py. One NGO sender is not in the entity list (sender 24/25), so the
sender target sits lower; the others allow one lost person or one misread file.
"""
from pathlib import Path

from tests.test_mail_parse_heldout import cases, score

HELDOUT2 = Path(__file__).parent / "data" / "heldout2"
TARGETS = {"names_f1": 0.97, "email": 0.97, "sender": 0.92, "kind": 0.95, "head": 0.95}


def test_heldout2_set_is_annotated():
    pairs = cases(HELDOUT2)
    assert len(pairs) >= 25
    assert {gold["kind"] for _, gold in pairs} == {"delegation", "other"}
    assert all(gold["participants"] == [] for _, gold in pairs if gold["kind"] == "other")


def test_heldout2_scores_stay_above_targets():
    scores = score(HELDOUT2)
    assert all(scores[key] >= target for key, target in TARGETS.items()), scores
