"""redact and mask."""
from __future__ import annotations

from anonymization_support import TEST_KEY, run, spans

from anonymizer.anonymization import anonymize_findings
from anonymizer.policies import Policy


def test_redact_leaves_a_visible_mark():
    text = "Frau Ayşe Yılmaz ruft an: 0176-12345678."
    result = run(text, spans(text, "Ayşe Yılmaz", ("0176-12345678", "PHONE_NUMBER")), "redact")
    assert result.text == "[…] ruft an: […]."


def test_mask_hides_every_character_by_default():
    text = "Tel. 0176-12345678"
    assert run(text, spans(text, ("0176-12345678", "PHONE_NUMBER")), "mask").text == "Tel. *************"


def test_mask_options():
    text = "Tel. 0176-12345678"
    policy = Policy(name="x", entities={"PHONE_NUMBER": {"operator": "mask", "options": {"char": "#", "keep_last": 2}}})
    result = anonymize_findings(text, spans(text, ("0176-12345678", "PHONE_NUMBER")), policy, key_provider=lambda: TEST_KEY)
    assert result.text == "Tel. ###########78"
