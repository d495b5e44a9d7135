"""The target-language table: every form a player sends, matched to ISO 639-1 (pure).

Players send file tags (ISO 639-2/B and /T: ``jpn``, ``ger``/``deu``), ISO 639-1 (``ja``),
BCP 47 (``ja-JP``), English names (``Japanese``) and native names (``日本語``); a table
says which code each one means, so nothing depends on string tricks.
"""

from __future__ import annotations

from collections.abc import Iterable

from handlers.service.core.errors import InvalidInput

# code: (ISO 639-2/T, ISO 639-2/B or "", English name, other names…)
_LANGUAGES: dict[str, tuple[str, ...]] = {
    "ja": ("jpn", "", "Japanese", "日本語", "にほんご"),
    "zh": ("zho", "chi", "Chinese", "中文", "汉语", "漢語", "Mandarin", "普通话", "國語"),
    "yue": ("yue", "", "Cantonese", "粵語", "广东话"),
    "ko": ("kor", "", "Korean", "한국어", "조선말"),
    "en": ("eng", "", "English"),
    "es": ("spa", "", "Spanish", "Español", "Castellano"),
    "fr": ("fra", "fre", "French", "Français"),
    "de": ("deu", "ger", "German", "Deutsch"),
    "it": ("ita", "", "Italian", "Italiano"),
    "pt": ("por", "", "Portuguese", "Português"),
    "ru": ("rus", "", "Russian", "Русский"),
    "uk": ("ukr", "", "Ukrainian", "Українська"),
    "pl": ("pol", "", "Polish", "Polski"),
    "nl": ("nld", "dut", "Dutch", "Nederlands"),
    "sv": ("swe", "", "Swedish", "Svenska"),
    "no": ("nor", "", "Norwegian", "Norsk"),
    "nb": ("nob", "", "Norwegian Bokmål", "Bokmål"),
    "da": ("dan", "", "Danish", "Dansk"),
    "fi": ("fin", "", "Finnish", "Suomi"),
    "is": ("isl", "ice", "Icelandic", "Íslenska"),
    "el": ("ell", "gre", "Greek", "Ελληνικά"),
    "tr": ("tur", "", "Turkish", "Türkçe"),
    "ar": ("ara", "", "Arabic", "العربية"),
    "he": ("heb", "", "Hebrew", "עברית"),
    "fa": ("fas", "per", "Persian", "Farsi", "فارسی"),
    "hi": ("hin", "", "Hindi", "हिन्दी"),
    "bn": ("ben", "", "Bengali", "বাংলা"),
    "th": ("tha", "", "Thai", "ไทย"),
    "vi": ("vie", "", "Vietnamese", "Tiếng Việt"),
    "id": ("ind", "", "Indonesian", "Bahasa Indonesia"),
    "ms": ("msa", "may", "Malay", "Bahasa Melayu"),
    "tl": ("tgl", "", "Tagalog", "Filipino"),
    "cs": ("ces", "cze", "Czech", "Čeština"),
    "sk": ("slk", "slo", "Slovak", "Slovenčina"),
    "hu": ("hun", "", "Hungarian", "Magyar"),
    "ro": ("ron", "rum", "Romanian", "Română"),
    "bg": ("bul", "", "Bulgarian", "Български"),
    "sr": ("srp", "", "Serbian", "Српски"),
    "hr": ("hrv", "", "Croatian", "Hrvatski"),
    "ca": ("cat", "", "Catalan", "Català"),
    "eu": ("eus", "baq", "Basque", "Euskara"),
    "ga": ("gle", "", "Irish", "Gaeilge"),
    "cy": ("cym", "wel", "Welsh", "Cymraeg"),
    "la": ("lat", "", "Latin", "Latina"),
    "eo": ("epo", "", "Esperanto"),
    "sw": ("swa", "", "Swahili", "Kiswahili"),
    "ta": ("tam", "", "Tamil", "தமிழ்"),
    "ur": ("urd", "", "Urdu", "اردو"),
    "mn": ("mon", "", "Mongolian", "Монгол"),
    "ka": ("kat", "geo", "Georgian", "ქართული"),
    "hy": ("hye", "arm", "Armenian", "Հայերեն"),
}

NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis", "unknown", "undefined", "none"})
"""Tags that say the track's language is not known (the source reported no language)."""


def _table() -> dict[str, str]:
    forms: dict[str, str] = {}
    for code, names in _LANGUAGES.items():
        for form in (code, *names):
            if form:
                forms[form.casefold()] = code
    return forms


_FORMS = _table()

KNOWN_CODES = tuple(_LANGUAGES)
"""The ISO 639-1 codes (and ``yue``) a user may choose as target languages."""


def language_code(value: object) -> str | None:
    """The code ``value`` names (``jpn``, ``ja-JP``, ``Japanese``, ``日本語`` → ``ja``), or None."""
    if not isinstance(value, str):
        return None
    text = value.strip().casefold()
    if not text or text in NO_LANGUAGE:
        return None
    found = _FORMS.get(text)
    if found is None:
        # BCP 47: the primary subtag names the language (ja-JP, zh_Hant_TW, pt-BR).
        primary = text.replace("_", "-").split("-", 1)[0]
        found = _FORMS.get(primary)
    return found


def checked_languages(values: Iterable[object]) -> list[str]:
    """The target languages a user asked for as codes, in order; InvalidInput names a bad one."""
    codes: list[str] = []
    for value in values:
        code = language_code(value)
        if code is None:
            raise InvalidInput(
                f"languages: {value!r} is not a language we know; use an ISO 639-1 code "
                "such as ja, zh, ko, es or de."
            )
        if code not in codes:
            codes.append(code)
    return codes
