"""Offline help: content loading and validation, the search index, troubleshooting wizards and the scam
red-flag checker. Plain Python, no Qt."""
