"""The scam checker as shipped, and its rules and families without the statistical model."""

from __future__ import annotations

import pytest

from walletcare.faq.scam import ScamChecker


@pytest.fixture(scope="session")
def checker() -> ScamChecker:
    return ScamChecker.load()


@pytest.fixture(scope="session")
def rules_only(checker: ScamChecker) -> ScamChecker:
    """The rules and families without the statistical model, so each structure is tested on its own."""
    import yaml

    from walletcare import resources

    return ScamChecker(yaml.safe_load(resources.path("safety/redflags.yaml").read_text(encoding="utf-8")),
                       yaml.safe_load(resources.path("safety/families.yaml").read_text(encoding="utf-8")),
                       None, checker.directory)
