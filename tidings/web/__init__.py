"""The dashboard: a read-only web app over the event store, every page also JSON (`tidings serve`)."""
