"""Mask characters (``0176-******78``) with Presidio's own ``Mask`` operator."""
from __future__ import annotations

from presidio_anonymizer.operators import Mask as PresidioMask
from pydantic import BaseModel, ConfigDict, Field

from anonymizer.operators.base import DocumentContext, Mention, Operator
from anonymizer.operators.registry import register_operator


class MaskOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    char: str = Field(default="*", min_length=1, max_length=1)
    keep_last: int = Field(default=0, ge=0, description="Characters left visible at the end.")


@register_operator
class Mask(Operator):
    name = "mask"
    Options = MaskOptions

    def replace(self, mention: Mention, context: DocumentContext) -> str:
        params = {
            "masking_char": self.options.char,
            "chars_to_mask": max(0, len(mention.text) - self.options.keep_last),
            "from_end": False,
        }
        return PresidioMask().operate(mention.text, params)
