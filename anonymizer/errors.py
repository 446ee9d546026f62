"""Errors a user can fix. The message is German and safe to show: it never contains the text."""


class InputError(ValueError):
    """Bad input: binary data, invalid UTF-8, empty text, malformed JSON lines, bad files."""


class NotFound(InputError):
    """Not in the register, or not visible to the asking institution. Both get the same answer (404),
    so that nobody learns by trying ids what exists."""


class NotPermitted(InputError):
    """The asking institution sees the record but may not do this with it (403)."""
