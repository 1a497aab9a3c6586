"""A respondent's request, whose posted form Django's own rules parse in fewer steps.

Django's QueryDict adds a posted field at a time, through half a dozen calls each (a
check that it may still change, two conversions of text that is text already, a list
looked up or made): with a page's twenty-odd fields, a twelfth of a saved page
(bench/instructions.py). `FormData` groups the same pairs, parsed as `parse_qsl`
parses them with the same limits (with no call to unescape what has nothing escaped),
into the same lists in one pass; tests hold the two equal
(tests/web/respond/test_posted.py). Anything but a urlencoded UTF-8 form, or a body
already read as a stream, goes through Django's code.
"""

from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

FORM = "application/x-www-form-urlencoded"


class FormData(QueryDict):
    """An immutable QueryDict of a urlencoded body, as `QueryDict(body, encoding="utf-8")`."""

    def __init__(self, body: bytes) -> None:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = body.decode("iso-8859-1")  # as QueryDict does for misbehaving agents
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        if limit is not None and text and text.count("&") + 1 > limit:
            raise TooManyFieldsSent(
                "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
            )
        grouped: dict[str, list[str]] = {}
        for key, value in _pairs(text):
            values = grouped.get(key)
            if values is None:
                grouped[key] = [value]
            else:
                values.append(value)
        MultiValueDict.__init__(self, grouped)
        self.encoding = "utf-8"
        self._mutable = False


def _pairs(text: str) -> list[tuple[str, str]]:
    """The pairs `parse_qsl(text, keep_blank_values=True)` gives, with a name or value
    that has nothing escaped taken as it is, rather than through two calls each."""
    return [
        (_unescaped(name), _unescaped(value))
        for name, _, value in (part.partition("=") for part in text.split("&") if part)
    ]


def _unescaped(text: str) -> str:
    if "%" in text or "+" in text:
        return unquote(text.replace("+", " "))
    return text


class RespondentRequest(WSGIRequest):
    # Django's own, which its stubs leave out.
    _encoding: str | None
    _read_started: bool

    def _load_post_and_files(self) -> None:
        urlencoded = self.method == "POST" and self.content_type == FORM
        utf8 = self._encoding is None or self._encoding.lower() == "utf-8"
        if urlencoded and utf8 and not self._read_started:
            self._post = FormData(self.body)
            self._files: MultiValueDict[str, object] = MultiValueDict()
            return
        super()._load_post_and_files()
