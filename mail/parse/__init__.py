"""Delegation e-mails to an Extraction: `parse_message(raw) -> Extraction`."""
from mail.parse.extraction import Extraction, Person
from mail.parse.parser import parse_message

__all__ = ["Extraction", "Person", "parse_message"]
