"""Social-media noise goes the same way for search and for language detection."""

from text.noise import strip_noise, strip_noise_and_redactions


def test_handles_urls_hashtags_and_emoji_go_words_stay():
    text = "@TeliaNorge 😡 nettet er nede https://t.co/abc #nedetid mail: ola@example.no"
    assert strip_noise(text) == "nettet er nede nedetid mail:"


def test_redaction_placeholders_go_only_for_detection():
    assert strip_noise("ring [phone] nå") == "ring [phone] nå"
    assert strip_noise_and_redactions("ring [phone] nå") == "ring nå"
