"""The Django web layer (arrives with the web app)."""
