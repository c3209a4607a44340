"""Format and encoding detection from a file's bytes."""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import unicodedata
import zipfile

import charset_normalizer

from pipeline.errors import NotTextError

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# encodings charset-normalizer names that are subsets of a wider one worth decoding with
WIDER_ENCODING = {"gbk": "gb18030", "gb2312": "gb18030", "hz": "gb18030", "big5": "big5hkscs"}
# Chinese encodings, and where their everyday characters lie: (charset, first byte range);
# GB2312 level 1 (the 3755 commonest simplified characters) and Big5's frequent characters
COMMON_CHARACTERS = {"gb18030": ("gb2312", 0xB0, 0xD7), "big5hkscs": ("big5", 0xA4, 0xC6)}
MIN_COMMON_SHARE = 0.8
MAX_BROKEN_UTF8 = 3  # replacement characters tolerated in otherwise valid UTF-8
# decoded text is refused when more than this share of its characters are control or U+FFFD
MAX_NOISE_SHARE = 0.02
# ... or when fewer than this share of its non-space characters are letters (CJK included)
MIN_LETTER_SHARE = 0.3


def file_id(data: bytes) -> str:
    """The doc_id of a file: the first 16 hex characters of the sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")  # PNG, JPEG, TIFF
ZIP_PARTS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("OFD.xml", "ofd"))
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OLE_STREAMS = (("WordDocument", "doc"), ("Workbook", "xls"), ("Book", "xls"))
MIME_HEADER = re.compile(rb"[A-Za-z-]+:")  # a web archive opens with mail headers (MIME-Version: …)
HTML_START = re.compile(
    rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|meta|body)\b", re.IGNORECASE | re.DOTALL
)


def sniff_format(data: bytes) -> str:
    """The format of `data` from its bytes alone (the file name is not consulted): pdf, html, image, txt,
    a zip package's docx, xlsx, ods or ofd (damaged_zip where the zip cannot be read, zip where it
    is none of those), an OLE2 file's doc or xls (ole where it is neither)."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        return zip_format(data)
    if data.startswith(OLE2_MAGIC):
        return ole_format(data)
    if data.startswith(IMAGE_MAGICS):
        return "image"
    if HTML_START.match(head.removeprefix(codecs.BOM_UTF8)):
        return "html"
    if MIME_HEADER.match(head) and b"multipart/related" in head.lower():
        return "mhtml"
    return "txt"


def zip_format(data: bytes) -> str:
    """The format of a zip package by the parts it names."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            mimetype = package.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        return "damaged_zip"
    for part, fmt in ZIP_PARTS:
        if part in names:
            return fmt
    return "ods" if mimetype == ODS_MIMETYPE else "zip"


def ole_format(data: bytes) -> str:
    """The format of an OLE2 compound file by the stream names in its directory (UTF-16)."""
    for stream, fmt in OLE_STREAMS:
        if stream.encode("utf-16-le") in data:
            return fmt
    return "ole"


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """The text of `data` and the encoding it was decoded with; NotTextError if none fits."""
    for encoding in candidate_encodings(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if looks_like_text(text):
            return text.removeprefix("\ufeff"), encoding
    mostly_utf8 = data.decode("utf-8", errors="replace")
    if mostly_utf8.count("\ufffd") <= MAX_BROKEN_UTF8 and looks_like_text(mostly_utf8.replace("\ufffd", "")):
        return mostly_utf8, "utf-8"  # a few broken sequences, e.g. a file cut inside a character
    raise NotTextError(path, "not text: no encoding decodes it sensibly")


def candidate_encodings(data: bytes) -> list[str]:
    """Encodings to try, most trustworthy first: a BOM, strict UTF-8, Chinese ones, the detector's guess.

    The detector is unreliable on short Chinese texts, so a Chinese encoding under which most
    characters are everyday ones goes before its guess.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return [encoding]
    guess = charset_normalizer.from_bytes(data).best()
    guessed = [] if guess is None else [WIDER_ENCODING.get(guess.encoding, guess.encoding)]
    shares = {encoding: common_share(data, encoding) for encoding in COMMON_CHARACTERS}
    plausible = sorted(
        (e for e, share in shares.items() if share >= MIN_COMMON_SHARE), key=lambda e: -shares[e]
    )
    return ["utf-8", *plausible, *guessed, *COMMON_CHARACTERS]


def common_share(data: bytes, encoding: str) -> float:
    """Share of the ideographs of `data` decoded with `encoding` that are everyday characters."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return 0.0
    ideographs = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not ideographs:
        return 0.0
    charset, first, last = COMMON_CHARACTERS[encoding]
    common = sum(1 for ch in ideographs if first <= leading_byte(ch, charset) <= last)
    return common / len(ideographs)


def leading_byte(ch: str, charset: str) -> int:
    try:
        return ch.encode(charset)[0]
    except UnicodeEncodeError:
        return -1


def is_control(ch: str) -> bool:
    return unicodedata.category(ch) in {"Cc", "Co", "Cn"} and ch not in "\t\n\r\f\v"


def looks_like_text(text: str) -> bool:
    """Few control/replacement characters and mostly letters (Chinese, Latin, ...)."""
    if not text:
        return False
    noise = text.count("\ufffd") + count_controls(text)
    visible = len(text) - sum(map(str.isspace, text))
    letters = sum(map(str.isalpha, text))
    return noise <= MAX_NOISE_SHARE * len(text) and letters >= MIN_LETTER_SHARE * max(visible, 1)


# deletes the white space that is not a control character (all of it lies below U+3001), so
# that what is left of a text without control, private-use or unassigned characters is printable
SPACES = {i: None for i in range(0x3001) if chr(i).isspace() and not is_control(chr(i))}


def count_controls(text: str) -> int:
    """How many control, private-use and unassigned characters `text` holds (tab and newline
    are none); a printable text is counted without looking at each character."""
    if text.translate(SPACES).isprintable():
        return 0
    return sum(1 for ch in text if is_control(ch))
