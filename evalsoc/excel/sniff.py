"""What a file really is, from its first bytes, whatever its name says."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Kind", "sniff"]


class Kind(StrEnum):
    EMPTY = "vide"
    ZIP = "zip"
    OLE = "ole"  # legacy .xls, or an xlsx encrypted with a password
    ENCRYPTED = "chiffré"
    PDF = "PDF"
    HTML = "page HTML"
    XML = "XML"
    TEXT = "texte (CSV ou autre)"
    UNKNOWN = "format inconnu"


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


def sniff(head: bytes) -> Kind:
    """The kind of file ``head`` (its first bytes, the more the better) starts."""
    if not head:
        return Kind.EMPTY
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return Kind.ZIP
    if head.startswith(_OLE_MAGIC):
        return Kind.ENCRYPTED if _ENCRYPTED_MARK in head else Kind.OLE
    if head.startswith(b"%PDF"):
        return Kind.PDF
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:512]:
        return Kind.HTML
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return Kind.XML
    try:
        head[:4096].decode("utf-8")
    except UnicodeDecodeError:
        try:
            decoded = head[:4096].decode("cp1252")
        except UnicodeDecodeError:
            return Kind.UNKNOWN
        return Kind.TEXT if decoded.isprintable() or "\n" in decoded else Kind.UNKNOWN
    return Kind.TEXT if b"\x00" not in head[:4096] else Kind.UNKNOWN
