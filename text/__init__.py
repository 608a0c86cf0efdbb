"""Text tools used across Svar, free of Django: the language registry and the one policy
that chooses a message's language, personal-data detection and redaction, the placeholder
grammar, Markdown to plain text and social-media noise stripping."""
