"""The pages shown in the main window's content area, one module per sidebar area."""
