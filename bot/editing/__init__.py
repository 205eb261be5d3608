"""Editing the knowledge YAML: validated, surgical, atomic; spreadsheets in and out."""
