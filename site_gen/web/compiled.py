"""The theme's templates compiled once per process (Jinja's bytecode cache, in memory)."""

from __future__ import annotations

import jinja2
import jinja2.bccache


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, not once per environment (each build and each
    preview rebuild makes new environments). Jinja checks each entry against a digest of the
    template's source, so an edited template is compiled again. In memory only: code read back
    from a file would run whatever the file holds."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()
