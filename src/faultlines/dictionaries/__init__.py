"""Importers for other event coders' dictionaries."""
