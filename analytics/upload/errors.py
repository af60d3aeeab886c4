"""The exception that refuses an upload; its messages are for the admin, in Indonesian."""


class UploadRefused(Exception):
    """An upload, staging or commit that was refused; nothing live was changed.

    ``messages`` holds one sentence per problem (every bad file is named, not only the first).
    """

    def __init__(self, messages: str | list[str]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))
