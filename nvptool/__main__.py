"""``python -m nvptool``."""

from nvptool.entry import main

main()
