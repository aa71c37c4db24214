"""The events stage: PLOVER-typed events with actor, target, place, date and who claims them."""
