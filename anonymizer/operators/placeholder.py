"""``[PERSON_1]``, ``[ADRESSE_2]``: numbered per entity type and document; German labels from the policy."""
from __future__ import annotations

from anonymizer.operators.base import DocumentContext, Mention, Operator
from anonymizer.operators.registry import register_operator


@register_operator
class Placeholder(Operator):
    name = "placeholder"

    def replace(self, mention: Mention, context: DocumentContext) -> str:
        return context.placeholder(mention)
