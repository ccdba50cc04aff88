"""Actors: knowledge base, mention resolution, generic state and civilian actors, framing labels."""
