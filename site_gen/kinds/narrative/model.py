"""The 公开说明 document: a page of prose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from site_gen.fieldtypes import Markdown, spec
from site_gen.model import DocumentBase


@dataclass(frozen=True, kw_only=True)
class Narrative(DocumentBase):
    kind: Literal["narrative"] = spec("文件类型")
    body: Markdown = spec("正文")


DOCUMENTS: dict[str, type[DocumentBase]] = {"narrative": Narrative}
