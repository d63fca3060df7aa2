"""Reading: bytes -> Document. Decoding, the page's furniture, its HTML, its stamps and credits, its language.

``document.parse_document`` is the entry point; the other modules are its parts, each testable on a string.
"""
