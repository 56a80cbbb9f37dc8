"""Widgets shared by the screens: the scan field, the verdict banner and the person search."""

from __future__ import annotations

from facilitator.screens.widgets.person_search import PersonChosen, PersonSearch
from facilitator.screens.widgets.scan_field import ScanField
from facilitator.screens.widgets.verdict_banner import VerdictBanner

__all__ = ["PersonChosen", "PersonSearch", "ScanField", "VerdictBanner"]
