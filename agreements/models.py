"""The agreement register (built in the agreement-register issue)."""
