"""`python -m quotewright`: the same as the `quotewright` command."""

import sys

from quotewright.entry import main  # absolute, so this file also runs as a top-level script

sys.exit(main())
