"""One reference event per test worker, written for real, for the damage cases to copy."""

from __future__ import annotations

import pytest

from tests.reliability.damage import Reference, build_reference


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    return build_reference(tmp_path_factory.mktemp("reference"))
