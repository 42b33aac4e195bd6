"""The desktop bundle's entry script: PyInstaller runs it as a top-level
script (no package around it), so it imports the entry module absolutely.
The bundled `quotewright` is the same program as the installed command: with
no arguments it opens the app, with a command it runs it."""

import sys

from quotewright.entry import main

sys.exit(main())
