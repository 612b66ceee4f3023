"""Refusals raised by the domain and the operations, rendered by whichever face asked."""


class Refused(ValueError):
    """An action that cannot be carried out; the message is a sentence for the person who asked.

    ``field`` names the input at fault when there is one, so a form can show the message beside it.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class Missing(Refused):
    """The action names something that does not exist (or not in the project it was asked in)."""
