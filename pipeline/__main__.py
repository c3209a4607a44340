"""`python -m pipeline` is the `gongkai` command."""

import sys

from pipeline.cli import main

sys.exit(main())
