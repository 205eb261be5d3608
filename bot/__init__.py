"""policybot: answers questions on Kemenperin COVID-19 rules from a curated knowledge base."""

__version__ = "0.1.0"
