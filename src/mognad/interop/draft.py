"""The shape every importer reads its source into, before it becomes an instrument.

Names are the source's own (question codes, choice names); `mognad.interop.build`
turns them into valid keys, fills the texts and checks the result with lint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from mognad.interop.report import ImportReport

Text = dict[str, str]
Kind = Literal["choice", "multi", "number", "text", "scale"]
Op = Literal["equals", "in", "at_least", "at_most", "includes", "answered"]


@dataclass(frozen=True)
class Test:
    """One test on an earlier answer, named as in the source."""

    item: str
    op: Op
    value: object = None


@dataclass
class Condition:
    tests: list[Test]
    combine: Literal["all", "any"] = "all"


@dataclass
class Opt:
    name: str
    label: Text
    score: float | None = None
    missing: bool = False
    exclusive: bool = False


@dataclass
class Question:
    name: str
    kind: Kind
    text: Text
    place: str
    help: Text | None = None
    options: list[Opt] = field(default_factory=list)
    min: float | None = None
    max: float | None = None
    integer: bool = False
    required: bool = False
    multiline: bool = True
    show_if: Condition | None = None


@dataclass
class Group:
    name: str
    title: Text
    place: str
    description: Text | None = None
    questions: list[Question] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)

    def all_questions(self) -> list[Question]:
        return [*self.questions, *(q for g in self.groups for q in g.all_questions())]


@dataclass
class Draft:
    """A whole questionnaire read from a source file, with its report so far."""

    name: str
    title: Text
    languages: list[str]
    default_language: str
    report: ImportReport
    groups: list[Group] = field(default_factory=list)
    description: Text | None = None
