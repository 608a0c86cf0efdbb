"""One shape for "this input is refused, and here is the field and why": the API answers it
as a 400 with that field's message, the page shows the message."""


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
