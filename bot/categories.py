"""Categories of entities, in the order a UN report or list of participants groups them."""
from __future__ import annotations

# (category, heading in a list of participants, heading of a digest line)
CATEGORIES = (
    ("state", "States", "States"),
    ("observer_state", "Observer States", "Observer States"),
    ("un_entity", "United Nations entities", "UN entities"),
    ("specialized_agency", "Specialized agencies and related organizations", "Specialized agencies"),
    ("igo", "Intergovernmental organizations", "IGOs"),
    ("other", "Other organizations", "Other"),
)
ORDER = {code: i for i, (code, _, _) in enumerate(CATEGORIES)}


def category_of(kind: str | None) -> str:
    """Return the report category of an entity kind (member_state, observer_state, un_entity, igo, …)."""
    k = (kind or "").casefold().replace("-", "_").replace(" ", "_")
    if k in ORDER:
        return k
    if "observer" in k and "state" in k or k in ("non_member_state", "observer"):
        return "observer_state"
    if "state" in k or k in ("member", "country"):
        return "state"
    if "special" in k or "agency" in k:
        return "specialized_agency"
    if k.startswith("un") or "united_nations" in k or k in ("fund", "programme", "institute"):
        return "un_entity"
    if "igo" in k or "intergovernmental" in k or "regional" in k:
        return "igo"
    return "other"


def heading_of(category: str) -> str:
    """Return the list-of-participants heading of a category."""
    return CATEGORIES[ORDER.get(category, len(CATEGORIES) - 1)][1]


def short_heading_of(category: str) -> str:
    """Return the short (digest) heading of a category."""
    return CATEGORIES[ORDER.get(category, len(CATEGORIES) - 1)][2]
