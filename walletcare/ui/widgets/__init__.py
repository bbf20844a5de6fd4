"""Reusable widgets: passphrase entry with a strength meter, banners, empty states."""
