"""The tabs of a case page: Overview, Transactions, Contacts, Evidence, Timeline."""
