"""Window defects a new-user pass found, each driven through the real window: menu entries, wording,
dialogs that follow a language switch, the evidence viewer and the tables."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from walletcare.ui.main_window import AREAS, MainWindow


def test_every_menu_action_can_be_triggered(qtbot: QtBot, unlocked: MainWindow) -> None:
    """View → each area shows that area (the "checked" flag once went where the area name belongs)."""
    names = [a for a, _t in AREAS]
    for area in ("help", "cases", "safety", "settings"):
        unlocked.actions_.actions[f"area-{area}"].trigger()
        assert names[unlocked.sidebar.currentRow()] == area
    unlocked.actions_.actions["area-help"].trigger()
    unlocked.actions_.actions["preferences"].trigger()
    assert unlocked.current_area() == "settings"
