"""NLP: the single spaCy pass and the analysis stages that read it."""
