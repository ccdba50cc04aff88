"""Reading input (plain text files, directories, stdin, JSONL documents) into :class:`Article` records."""

from .dates import parse_published
from .readers import InputItem, read_inputs

__all__ = ["InputItem", "parse_published", "read_inputs"]
