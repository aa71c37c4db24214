"""The REST API and the read-only web UI over a ledger (FastAPI + Jinja2, all assets local)."""
