"""Reading input into :class:`Article` records: one path for plain-text files, directories, JSONL and stdin,
with the same checks for every document (``text.clean_text``, ``fields.build_article``)."""

from .dates import parse_published
from .fields import build_article, check_article
from .readers import InputItem, read_inputs

__all__ = ["InputItem", "build_article", "check_article", "parse_published", "read_inputs"]
