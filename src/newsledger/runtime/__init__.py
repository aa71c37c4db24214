"""Shared spaCy and MiniLM plumbing: model loading, speed-ups, BLAS threads, the encoder and spaCy factories."""
