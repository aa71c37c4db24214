"""Place resolution: countries, demonyms, regions and cities, and the place lookups built on them."""
