#!/usr/bin/env python3
"""Build the site in this folder: `python build.py` is `site-gen build`; any other arguments
are passed to site-gen (`python build.py validate`, `python build.py pdf . DOC`)."""

import sys

from site_gen.cli import run

if __name__ == "__main__":
    if len(sys.argv) == 1:
        sys.argv.append("build")
    run()
