"""Curators' work: unanswered groups, closing gaps, notices to askers, statistics."""
