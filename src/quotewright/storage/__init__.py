"""Files: catalogs and quotes as JSON, atomic saves, per-user folders and
the sample files that ship with the app. No Qt here."""
