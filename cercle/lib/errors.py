class Refused(Exception):
    """An action that cannot be done, with a message meant for the person who asked.

    Actions raise it before writing anything (or inside their transaction), so nothing is
    half-saved; views show the message.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
