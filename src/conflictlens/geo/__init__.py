"""Geography: gazetteer, place recognition, resolution and relative places."""
