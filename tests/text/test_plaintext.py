"""Markdown to plain text, for social media and as one line for snippets."""

from text.plaintext import markdown_to_line, markdown_to_plain


def test_entities_are_decoded_on_one_line():
    assert markdown_to_line("Pris:&nbsp;99&nbsp;kr &amp; mer &lt;3 &eacute;n") == (
        "Pris: 99 kr & mer <3 én")
    assert "nbsp" not in markdown_to_line("A&nbsp;B")


def test_a_line_has_no_markup():
    assert markdown_to_line("# Tittel\n\n- **fet** punkt\n- [lenke](https://x.no)") == (
        "Tittel fet punkt lenke")


def test_plain_text_decodes_entities_too():
    assert markdown_to_plain("Pris:&nbsp;99 kr &amp; mer") == "Pris: 99 kr & mer"
