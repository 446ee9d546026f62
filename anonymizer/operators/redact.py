"""Remove the span, leaving a visible mark (``[…]``) so the reader sees that something was there."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from anonymizer.operators.base import DocumentContext, Mention, Operator
from anonymizer.operators.registry import register_operator


class RedactOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = "[…]"


@register_operator
class Redact(Operator):
    name = "redact"
    Options = RedactOptions

    def replace(self, mention: Mention, context: DocumentContext) -> str:
        return self.options.text
