"""gongkai: Chinese government open-information documents in, a comparable dataset out."""

from pipeline.document import Block, Document, Span

__version__ = "0.1.0"

__all__ = ["Block", "Document", "Span", "__version__"]
