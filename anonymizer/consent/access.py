"""Who may do what with a family of the register: ownership, decided without the web layer.

The owner of a family, and of a consent, is the institution that registered it (``institution``).
An institution sees a family it owns or is part of (registered or named in one of its consents),
and of its consents those it is part of, or all of them if it owns the family (``ConsentStore``'s
``visible_to``). Anything else is ``NotFound``, the same answer as for what does not exist.

- Export (Art. 15) and erasure (Art. 17) of a family: its owner, or the network coordination
  (``network_wide``: a role that answers a family's request when the owner cannot).
- A consent added to a family the institution does not own may name only institutions the family
  is already shown to in what that institution sees, so that nobody shows a family to a third one.
"""
from __future__ import annotations

from anonymizer.consent.schemas import ConsentInput
from anonymizer.consent.store import ConsentStore
from anonymizer.errors import NotPermitted

OWNER = "owner"
NETWORK_COORDINATION = "network_coordination"


def family_rights_ground(store: ConsentStore, family_id: int, institution: str, network_wide: bool = False) -> str:
    """On what ground ``institution`` may export or erase the family: OWNER or NETWORK_COORDINATION
    (recorded in the audit log). ``NotFound`` if it may not see the family, ``NotPermitted`` if it sees
    it only as a participant."""
    family = store.family(family_id, visible_to=None if network_wide else institution)
    if family.institution == institution:
        return OWNER
    if network_wide:
        return NETWORK_COORDINATION
    raise NotPermitted(
        f"Auskunft und Löschung für Familie {family_id} stehen der Einrichtung zu, die sie eingetragen hat "
        f"({family.institution}), oder der Netzwerkkoordination."
    )


def check_may_add(store: ConsentStore, data: ConsentInput) -> None:
    """Refuse a consent by ``data.institution`` that would show the family to an institution it is not
    shown to yet (as far as ``data.institution`` sees). ``NotFound`` if the family is not visible."""
    family = store.family(data.family_id, visible_to=data.institution)
    if family.institution == data.institution:
        return
    shown_to = {family.institution, data.institution} | {
        name for consent in store.consents(visible_to=data.institution, family_id=data.family_id)
        for name in (consent.institution, *(p.institution for p in consent.participants))
    }
    new = sorted({p.institution for p in data.participants} - shown_to)
    if new:
        raise NotPermitted(
            f"Diese Einwilligung würde Familie {data.family_id} weiteren Einrichtungen zeigen ({', '.join(new)}). "
            f"Das kann nur die Einrichtung, die die Familie eingetragen hat ({family.institution})."
        )
