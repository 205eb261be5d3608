"""Ranking entries for a question: normalisation, word and character n-gram scores."""
