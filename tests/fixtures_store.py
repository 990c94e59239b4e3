"""Store fixtures (fresh database, seeded records); filled in by the store work."""
