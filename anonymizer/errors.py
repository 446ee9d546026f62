"""Errors a user can fix. The message is German and safe to show: it never contains the text."""


class InputError(ValueError):
    """Bad input: binary data, invalid UTF-8, empty text, malformed JSON lines, bad files."""
