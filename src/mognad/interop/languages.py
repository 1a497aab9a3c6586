"""Language codes from what other tools write: `English (en)`, `en`, `English`, `de-informal`."""

from __future__ import annotations

import re

# English names of the languages survey files most often name without a code.
NAMES = {
    "afrikaans": "af", "amharic": "am", "arabic": "ar", "bengali": "bn", "bulgarian": "bg",
    "catalan": "ca", "chinese": "zh", "croatian": "hr", "czech": "cs", "danish": "da",
    "dutch": "nl", "english": "en", "estonian": "et", "farsi": "fa", "finnish": "fi",
    "french": "fr", "german": "de", "greek": "el", "hausa": "ha", "hebrew": "he",
    "hindi": "hi", "hungarian": "hu", "icelandic": "is", "indonesian": "id", "italian": "it",
    "japanese": "ja", "kinyarwanda": "rw", "kiswahili": "sw", "korean": "ko", "latvian": "lv",
    "lithuanian": "lt", "malay": "ms", "nepali": "ne", "norwegian": "nb", "persian": "fa",
    "polish": "pl", "portuguese": "pt", "romanian": "ro", "russian": "ru", "serbian": "sr",
    "slovak": "sk", "slovenian": "sl", "somali": "so", "spanish": "es", "swahili": "sw",
    "swedish": "sv", "tagalog": "tl", "thai": "th", "turkish": "tr", "ukrainian": "uk",
    "urdu": "ur", "vietnamese": "vi", "xhosa": "xh", "yoruba": "yo", "zulu": "zu",
}  # fmt: skip
_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
_IN_BRACKETS = re.compile(r"\(([^()]+)\)\s*$")


def language_code(name: str) -> str | None:
    """The BCP 47 code `name` stands for, or None when it names no language known here."""
    text = name.strip()
    bracketed = _IN_BRACKETS.search(text)
    if bracketed:
        text = bracketed.group(1).strip()
    text = text.lower().replace("_", "-")
    if _CODE.match(text) and text not in NAMES:
        return text
    return NAMES.get(text)
