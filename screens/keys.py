"""Key bindings whose labels follow the interface language at run time.

A `Binding` keeps its description as a plain string, fixed when the class is defined, which
would freeze the labels in whatever language the process started with. So bindings are declared
with catalogue keys as their description and tooltip (`"scan.key.search"`), and `localise` puts
the texts in when each screen (or the App) is created, in the language of that moment.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from facilitator.i18n import has_text, t


def localise(node: DOMNode) -> None:
    """Replace the catalogue keys in `node`'s bindings by their texts in today's language."""
    bindings: BindingsMap = node._bindings
    for key_name, entries in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key_name] = [_labelled(b) for b in entries]


def _text(value: str) -> str:
    return t(value) if value and has_text(value) else value


def _labelled(binding: Binding) -> Binding:
    return replace(binding, description=_text(binding.description), tooltip=_text(binding.tooltip))
