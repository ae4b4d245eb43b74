"""The frozen application's entry point: the same `recordsdesk` command as a source install."""

import multiprocessing
import sys

from recordsdesk.__main__ import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
