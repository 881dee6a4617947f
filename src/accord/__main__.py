"""``python -m accord``: the same as the ``accord`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
