"""``python -m nvptool``."""

from nvptool.cli import main

main()
