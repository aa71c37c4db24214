"""The ``geo`` stage: coordinates, ISO country and admin1 of every place entity and event ``where``."""
