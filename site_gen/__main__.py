"""`python -m site_gen` is the same as `site-gen`."""

from site_gen.cli import run

run()
