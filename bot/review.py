"""The review queue: /review, and its buttons Accept, Change sender, Not a delegation, Show original."""
from __future__ import annotations

from bot.desk import Desk
from bot.replies import Button, Document, Reply, Turn, say
from bot.texts import esc, plural
from store.db import NotFound
from store.entities import entity_by_code, search_entities
from store.messages import get_message, get_raw
from store.records import Review
from store.registration import confirm_message, decline_message
from store.reviews import get_review, open_reviews, resolve_review, set_review_entity

MAX_SHOWN = 10
MAX_CHOICES = 8
ASK_SENDER = "sender"


def review(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer /review: each open review with its extraction, warnings and buttons."""
    waiting = open_reviews(desk.store, desk.meeting().code)
    turn.note(reviews=[r.id for r in waiting])
    if not waiting:
        return say("Nothing waits for review.")
    replies = [Reply(f"<b>{plural(len(waiting), 'message')} to review</b>")]
    replies += [review_card(desk, r) for r in waiting[:MAX_SHOWN]]
    if len(waiting) > MAX_SHOWN:
        replies.append(Reply(f"… and {len(waiting) - MAX_SHOWN} more after these."))
    return replies


def review_card(desk: Desk, item: Review) -> Reply:
    """Return one review as a message with its four buttons."""
    message = get_message(desk.store, item.message)
    extraction = message.extraction or {}
    entity = entity_by_code(item.entity_code or message.sender_code or "")
    sender = esc(entity.name) if entity else "<i>unknown</i>"
    people = extraction.get("participants", [])
    lines = [f"<b>Review {item.id}</b> — {esc(item.reason)}",
             f"From: {esc(message.from_name or '')} &lt;{esc(message.from_addr or '?')}&gt; · "
             f"{esc((message.date or message.received_at or '')[:10])}",
             f"Subject: {esc(message.subject or '(no subject)')}",
             f"Sender: {sender} · language: {esc(message.language or extraction.get('language') or '?')}"]
    if extraction.get("declined"):
        lines.append("Says: <b>will not attend</b>")
    if extraction.get("amendment"):
        lines.append("Says: <b>amendment</b> to an earlier list")
    lines.append(f"Participants found: {len(people)}")
    for p in people:
        head = " (head)" if p.get("head") else ""
        detail = ", ".join(esc(p[k]) for k in ("function", "email") if p.get(k))
        lines.append(f"• {esc(' '.join(x for x in (p.get('honorific'), p.get('name')) if x))}{head}"
                     + (f" — {detail}" if detail else ""))
    for warning in message.warnings or []:
        lines.append(f"⚠ {esc(warning)}")
    buttons = [[Button("Accept", f"rv:a:{item.id}"), Button("Change sender", f"rv:s:{item.id}")],
               [Button("Not a delegation", f"rv:d:{item.id}"), Button("Show original", f"rv:o:{item.id}")]]
    return Reply("\n".join(lines), buttons)


def _open(desk: Desk, turn: Turn) -> Review | None:
    try:
        item = get_review(desk.store, int(turn.args.split(":")[0]))
    except (NotFound, ValueError):
        return None
    turn.note(review=item.id, message=item.message)
    return item


def accept(desk: Desk, turn: Turn) -> list[Reply]:
    """Accept a review: record the delegation, queue the confirmation and the photo links."""
    item = _open(desk, turn)
    if item is None or item.state != "open":
        return say("This review has already been handled.")
    message = get_message(desk.store, item.message)
    entity_code = item.entity_code or message.sender_code
    entity = entity_by_code(entity_code or "")
    if entity is None:
        return say(f"Review {item.id}: I don't know who sent it. Choose the sender first.",
                   [[Button("Change sender", f"rv:s:{item.id}")]])
    declined = bool((message.extraction or {}).get("declined"))
    if not declined and not (message.extraction or {}).get("participants"):
        return say(f"Review {item.id}: this message lists nobody, so there is nothing to register. "
                   "Answer it by e-mail if it asks something, then press Not a delegation to close the review.",
                   [[Button("Not a delegation", f"rv:d:{item.id}")]])
    with desk.store.tx():
        if not resolve_review(desk.store, item.id, "accepted", turn.asker.actor):
            return say("This review has already been handled.")
        if declined:
            decline_message(desk.store, item.message, entity.code, item.meeting_code)
        else:
            update = confirm_message(desk.store, item.message, entity.code, item.meeting_code, desk.options.domain)
    turn.note(entity=entity.code)
    if declined:
        return say(f"Review {item.id} accepted: <b>{esc(entity.name)}</b> will not attend.")
    turn.note(delegation=update.delegation.id, participants=[p.id for p in update.touched])
    return say(f"Review {item.id} accepted: <b>{esc(entity.name)}</b> — {len(update.added)} added, "
               f"{len(update.updated)} updated. The confirmation and photo links are queued.")


def change_sender(desk: Desk, turn: Turn) -> list[Reply]:
    """Ask which State or organization a reviewed message is from."""
    item = _open(desk, turn)
    if item is None or item.state != "open":
        return say("This review has already been handled.")
    desk.expect((turn.asker.chat_id, turn.asker.user_id), ASK_SENDER, item.id)
    return say(f"Review {item.id}: send the name of the State or organization this message is from.")


def sender_answer(desk: Desk, turn: Turn, review_id: int) -> list[Reply]:
    """Take the name sent after Change sender: re-target the review, or offer a choice."""
    name = turn.args.strip()
    matches = search_entities(name) if name else []
    turn.note(review=review_id)
    if not matches:
        desk.expect((turn.asker.chat_id, turn.asker.user_id), ASK_SENDER, review_id)
        return say(f"No State or organization is called “{esc(name)}”. Send another name.")
    if len(matches) > 1:
        buttons = [[Button(e.name, f"rv:e:{review_id}:{e.code}")] for e in matches[:MAX_CHOICES]]
        return say(f"“{esc(name)}” could mean several. Which one?", buttons)
    return _retarget(desk, turn, review_id, matches[0].code)


def pick_sender(desk: Desk, turn: Turn) -> list[Reply]:
    """Answer the button that picks the sender of a review."""
    review_id, _, code = turn.args.partition(":")
    try:
        return _retarget(desk, turn, int(review_id), code)
    except ValueError:
        return say("That choice is no longer valid.")


def _retarget(desk: Desk, turn: Turn, review_id: int, entity_code: str) -> list[Reply]:
    entity = entity_by_code(entity_code)
    try:
        item = get_review(desk.store, review_id)
    except NotFound:
        item = None
    if entity is None or item is None or item.state != "open":
        return say("This review has already been handled.")
    set_review_entity(desk.store, review_id, entity.code)
    turn.note(review=review_id, entity=entity.code)
    return [Reply(f"Review {review_id} is now from <b>{esc(entity.name)}</b>."),
            review_card(desk, get_review(desk.store, review_id))]


def dismiss(desk: Desk, turn: Turn) -> list[Reply]:
    """Close a review as not a delegation (nothing is recorded or sent)."""
    item = _open(desk, turn)
    if item is None or not resolve_review(desk.store, item.id, "dismissed", turn.asker.actor):
        return say("This review has already been handled.")
    return say(f"Review {item.id} closed: not a delegation. Nothing was recorded or sent.")


def original(desk: Desk, turn: Turn) -> list[Reply]:
    """Send the reviewed message's raw .eml as a document."""
    item = _open(desk, turn)
    if item is None:
        return say("That review no longer exists.")
    try:
        raw = get_raw(desk.store, item.message)
    except NotFound:
        return say("The original of this message is no longer kept.")
    return [Reply(f"Original of review {item.id}", document=Document(f"message-{item.message}.eml", raw))]
