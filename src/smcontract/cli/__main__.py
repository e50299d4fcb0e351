"""``python -m smcontract.cli``: the same as the ``smcontract`` command."""

from smcontract.cli import main

main()
