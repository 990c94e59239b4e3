"""What kind of message this is: automatic (RFC 3834), amendment, refusal, question …"""
from __future__ import annotations

import re

from mail.parse.message import Mail, parse_addresses

_AUTO_SUBJECT = re.compile(
    r"^(?:out of (?:the )?office|auto(?:matic)?[ -]?reply|automatische antwort|abwesenheit|absent du bureau|"
    r"r[ée]ponse automatique|respuesta autom[áa]tica|fuera de la oficina|autorespon|автоответ)", re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification|mail delivery (?:failed|failure|system)|returned mail|"
    r"delivery failure|non remis|no entregado|nicht zustellbar|недоставлен", re.IGNORECASE)
_BOUNCE_SENDER = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", re.IGNORECASE)
AMENDMENT_RE = re.compile(
    r"\b(?:be added|add(?:ed)? to (?:the|our) delegation|please (?:also )?add|(?:like|wish) to add|addition to (?:the|our)|"
    r"additional (?:member|participant|delegate)|in addition to (?:the|our) (?:delegation|list|previous)|"
    r"further to our (?:e-?mail|note|message|letter)|replace|instead of|amend|update(?:d)? (?:list|composition)|"
    r"ajouter|ajout|compl[ée]ter|en compl[ée]ment|remplacer|agregar|a[ñn]adir|incluir a|adicion|sustituir|reemplazar|"
    r"добавить|включить)", re.IGNORECASE)
DECLINE_RE = re.compile(
    r"will not (?:be (?:in a position|able) to )?(?:send|attend|participate|be represented)|"
    r"(?:unable|not be able) to (?:attend|participate|send)|not be in a position to (?:send|attend|participate)|"
    r"regrets? (?:that|to inform)|will not be attending|ne (?:pourra|sera) pas (?:en mesure de )?(?:participer|assister|"
    r"repr[ée]sent|envoyer)|no (?:podr[áa]|estar[áa] en condiciones de) (?:participar|asistir|enviar)|"
    r"lamenta(?:mos)? informar|\bno (?:participar[áa]|asistir[áa])\b|не сможет", re.IGNORECASE)
ACK_RE = re.compile(r"well received|acknowledge(?:s)? (?:the )?receipt|received with thanks|bien re[çc]u|"
                    r"accusons r[ée]ception|acusamos recibo|acuso recibo|hemos recibido|noted with thanks", re.IGNORECASE)
PENDING_RE = re.compile(
    r"will be (?:communicated|sent|submitted|transmitted|provided|forwarded|confirmed)|names? will follow|"
    r"(?:sera|seront) (?:communiqu|transmis)|ser[áa]n? (?:remitid|comunicad|enviad)|still awaited|"
    r"as soon as (?:they are|the nominations)", re.IGNORECASE)
QUESTION_RE = re.compile(
    r"\?|kindly advise|please advise|could you|would be grateful if you could|we would appreciate|"
    r"is kindly requested|pourriez-vous|bien vouloir nous|agradecer[íi]amos|consultar|solicit", re.IGNORECASE)
CANCEL_RE = re.compile(
    r"\bno longer\b|will not (?:be (?:able|in a position) to )?(?:attend|participate|travel|join)|unable to (?:attend|travel|join)|"
    r"\bremove (?:his|her|the) name|\bwithdraw|\bcancel|(?:will be|is) replaced by|"
    r"ne (?:pourra|sera|participera) (?:plus|pas)|sera remplac[ée]|retirer (?:son|le) nom|annul|"
    r"ya no (?:podr[áa]|participar[áa]|asistir[áa])|no podr[áa] (?:asistir|participar|viajar)|ser[áa] (?:sustituid|reemplazad)|"
    r"\bdar de baja|\bno (?:participar[áa]|asistir[áa]|viajar[áa])\b|не сможет", re.IGNORECASE)
CONTACT_RE = re.compile(r"contact person|focal point|point focal|personne de contact|persona de contacto|"
                        r"punto focal|contact point|контактное лицо|please contact|veuillez contacter|"
                        r"contactar a|liaise with|get in touch with|ponerse en contacto con|s'adresser [àa]|"
                        r"prendre contact avec", re.IGNORECASE)
# A note to all missions in the city (a new Permanent Representative, a new address), not an answer to the invitation.
CIRCULAR_RE = re.compile(r"\bcircular note\b|\bnote circulaire\b|\bnota circular\b|"
                         r"compliments to (?:all )?(?:the )?Permanent Missions|compliments aux Missions permanentes|"
                         r"saludo a (?:todas )?las Misiones Permanentes", re.IGNORECASE)
MEETING_RE = re.compile(r"delegat|d[ée]l[ée]gat|delegac|meeting|working group|r[ée]union|sesi[oó]n|session|"
                        r"groupe de travail|grupo de trabajo|participa|attend|assister|asistir", re.IGNORECASE)
# People a sentence puts in charge of the practical side, not in the delegation:
# "Ms. X and Mr. Y (in copy) will follow up on travel arrangements from our side."
HELPER_RE = re.compile(
    r"\b(?:will|shall|can|may) (?:also )?(?:follow up|handle|take care|coordinate|deal with|assist)\b[^.;]{0,40}"
    r"\b(?:travel|logistic|arrangements?|visas?|accommodation|hotel|registration)\b|"
    r"\bse chargera(?:nt)? de(?:s)? (?:l'organisation|la logistique|voyage|arrangements)|"
    r"\bse encargar[áa]n? de (?:la log[íi]stica|los arreglos|los viajes|la organizaci[oó]n)", re.IGNORECASE)
# Someone in copy, in a sentence about them ('… (in copy) will …'); in a list entry a delegate may be copied too.
COPIED_RE = re.compile(r"\((?:in |en )?(?:copy|cc|copie|copia)\)|\b(?:in|en) (?:copy|cc|copie|copia)\b", re.IGNORECASE)
_FUTURE_RE = re.compile(r"\b(?:will|shall|would|can|may)\b", re.IGNORECASE)


def names_a_helper(text: str) -> bool:
    """Whether a sentence about someone puts them in copy or in charge of travel, not in the delegation."""
    return bool(HELPER_RE.search(text) or (COPIED_RE.search(text) and _FUTURE_RE.search(text)))


SELF_RE = re.compile(
    r"\bI (?:will|shall|would like to|am going to) (?:represent|attend|participate|be attending|take part)|"
    r"\bmy (?:contact )?details\b|\bregister(?:ing)? myself\b|\bI (?:will|shall) be the (?:sole |only )?representative\b|"
    r"\bm'inscri(?:re|s)\b|\b(?:registrarme|inscribirme)\b|\bje (?:repr[ée]senterai|participerai|serai pr[ée]sent)|"
    r"\b(?:asistir[ée]|participar[ée]|representar[ée])\b|\b(?:by|par|por)\s+(?:myself|moi-m[êe]me|m[íi]\s+mism[oa])\b",
    re.IGNORECASE)


_ASKING_RE = re.compile(r"^\s*(?:can|could|may|might|shall|should|would|do|does|is|whether|puis-je|pourrais-je|puedo|podr[íi]a)\b",
                        re.IGNORECASE)


def registers_self(text: str) -> bool:
    """Whether the writer states (not asks) that they attend or register themself ('I will attend', 'register myself')."""
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])", text):
        if SELF_RE.search(sentence) and not sentence.rstrip().endswith("?") and not _ASKING_RE.match(sentence):
            return True
    return False


def automatic_kind(mail: Mail) -> str | None:
    """Return 'bounce', 'auto-reply' or 'mailing-list' for mail that must never be answered."""
    header = mail.header
    sender = " ".join(a for _, a in parse_addresses(header("from")))
    report = header("content-type").lower()
    if ("multipart/report" in mail.content_types and "disposition-notification" not in report) \
            or _BOUNCE_SENDER.match(sender) or (is_null_return_path(mail) and _BOUNCE_SUBJECT.search(header("subject"))):
        return "bounce"
    auto = header("auto-submitted").strip().lower()
    precedence = header("precedence").strip().lower()
    if (auto and not auto.startswith("no")) or header("x-autoreply") or header("x-autorespond") \
            or precedence == "auto_reply" or "disposition-notification" in report \
            or _AUTO_SUBJECT.match(header("subject")) or header("x-autoreply-from"):
        return "auto-reply"
    if header("list-id") or header("list-unsubscribe") or header("list-post") or precedence in ("bulk", "list", "junk"):
        return "mailing-list"
    return None


def is_null_return_path(mail: Mail) -> bool:
    """Whether the Return-Path is the null sender '<>'."""
    value = mail.header("return-path").strip()
    return value in ("<>", "< >") or ("return-path" in mail.headers and value.strip("<> ") == "")


def bounced_addresses(mail: Mail) -> list[str]:
    """Return the failed recipients of a bounce (flufl.bounce, then the report text)."""
    found: set[str] = set()
    if mail.message is not None:
        try:
            from flufl.bounce import all_failures

            temporary, permanent = all_failures(mail.message)
            found |= {a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a) for a in temporary | permanent}
        except Exception:
            pass
    for section in mail.sections:
        if section.origin in ("report", "body"):
            found |= set(re.findall(r"(?:final|original)-recipient:\s*rfc822;\s*<?([^\s>]+@[^\s>]+)", section.text, re.I))
            found |= set(re.findall(r"^\s*<([^\s>]+@[^\s>]+)>:", section.text, re.M))
    return sorted({a.strip().lower() for a in found if "@" in a})


def reason_without_people(own: str, contact_dropped: bool) -> tuple[str, bool]:
    """Return (reason, declined) for a message that lists nobody."""
    if DECLINE_RE.search(own):
        return "declined", True
    if contact_dropped or (CONTACT_RE.search(own) and not PENDING_RE.search(own)):
        return "contact-person", False
    if ACK_RE.search(own):
        return "acknowledgement", False
    if QUESTION_RE.search(own):
        return "question", False
    if PENDING_RE.search(own):
        return "names-will-follow", False
    return "no-participants", False
