"""Qt item models over cached core records: tables and lists the views show, never queried inside ``data()``."""
