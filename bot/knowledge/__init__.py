"""The curated knowledge base: loading and validating it, the last good copy, reloading."""
