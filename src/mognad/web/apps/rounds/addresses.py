"""Reading a pasted or uploaded list of e-mail addresses, keeping each problem's line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

_SEPARATORS = re.compile(r"[,;\t]")


@dataclass
class AddressList:
    addresses: list[str] = field(default_factory=list)
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)


def normalise(address: str) -> str:
    # Mail systems treat the local part case-insensitively in practice; one address
    # typed twice in different case must not invite the same person twice.
    return address.strip().lower()


def is_valid(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def parse_addresses(text: str) -> AddressList:
    """Addresses one per line or separated by commas, semicolons or tabs, in order.

    A cell without "@" next to an address is taken for a name column of a CSV file and
    left out; a line with no address at all is reported, as is every malformed address.
    """
    result = AddressList()
    for number, line in enumerate(text.splitlines(), start=1):
        cells = [_cell(c) for c in _SEPARATORS.split(line)]
        cells = [c for c in cells if c]
        candidates = [c for c in cells if "@" in c]
        for cell in candidates or cells:
            if is_valid(cell):
                result.addresses.append(normalise(cell))
            else:
                result.invalid.append((number, cell))
    return result


def _cell(text: str) -> str:
    text = text.strip().strip("\"'").strip()
    # "Ada Lovelace <ada@example.org>" as mail programs copy it.
    match = re.search(r"<([^<>]*)>", text)
    return match.group(1).strip() if match else text
