"""Showing the user where an export went: open the folder in the desktop's file manager.

A desk laptop may be headless (SSH into a Raspberry Pi at the venue) or have no xdg-open; then
there is nothing to open and the caller shows the path instead. This never raises.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def open_folder(folder: Path) -> bool:
    """Ask the desktop to show `folder`; False if it cannot (then show the path)."""
    graphical = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    opener = shutil.which("xdg-open") if graphical else None
    if opener is None:
        return False
    try:
        subprocess.Popen(  # not waited for: the file manager outlives this call
            [opener, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True
