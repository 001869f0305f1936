"""Recognise an uploaded file by its content (magic bytes), never by its name.

The browser's content type and the file's extension are claims made by the
uploader; only the bytes are evidence. ``detect_file_type`` reads them and
returns the type they prove, or None; ``extension_matches`` then checks that
the name the uploader gave agrees with it, so a PDF renamed ``.docx`` or a
program renamed ``.pdf`` is refused. Pure Python: ``zipfile`` and ``base64``.
"""

import base64
import binascii
import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.formats import number_format


@dataclass(frozen=True)
class FileType:
    """A recognised format: its MIME type, a short label and its extensions."""

    mime_type: str
    label: str
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", "PDF", (".pdf",))
P7M = FileType("application/pkcs7-mime", "P7M", (".p7m",))
PNG = FileType("image/png", "PNG", (".png",))
JPEG = FileType("image/jpeg", "JPEG", (".jpg", ".jpeg"))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
    (".docx",),
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "XLSX",
    (".xlsx",),
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PPTX",
    (".pptx",),
)
ODT = FileType("application/vnd.oasis.opendocument.text", "ODT", (".odt",))
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "ODS", (".ods",))
ODP = FileType("application/vnd.oasis.opendocument.presentation", "ODP", (".odp",))
ODG = FileType("application/vnd.oasis.opendocument.graphics", "ODG", (".odg",))
DOC = FileType("application/msword", "DOC", (".doc",))
XLS = FileType("application/vnd.ms-excel", "XLS", (".xls",))
PPT = FileType("application/vnd.ms-powerpoint", "PPT", (".ppt",))

#: Every accepted format, in the order the upload form lists them.
ACCEPTED_TYPES: tuple[FileType, ...] = (
    PDF,
    P7M,
    DOCX,
    XLSX,
    PPTX,
    ODT,
    ODS,
    ODP,
    ODG,
    DOC,
    XLS,
    PPT,
    PNG,
    JPEG,
)
_BY_MIME = {file_type.mime_type: file_type for file_type in ACCEPTED_TYPES}

_HEAD_BYTES = 8192
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGIC = b"PK\x03\x04"
_SIGNED_DATA_OID = bytes.fromhex("06092A864886F70D010702")
#: DER/BER length octets after the outer SEQUENCE tag (0x30): indefinite
#: (0x80, BER as produced by many signing tools) or long form on 1-4 octets.
_P7M_LENGTH_OCTETS = frozenset({0x80, 0x81, 0x82, 0x83, 0x84})
_P7M_OID_WINDOW = 64
_PEM_MARKERS = (b"-----BEGIN PKCS7-----", b"-----BEGIN CMS-----")
_MAX_MANIFEST_BYTES = 1024 * 1024
_OOXML_MAIN_PARTS = (
    (b"wordprocessingml.document.main+xml", DOCX),
    (b"spreadsheetml.sheet.main+xml", XLSX),
    (b"presentationml.presentation.main+xml", PPTX),
)
_ODF_TYPES = {file_type.mime_type: file_type for file_type in (ODT, ODS, ODP, ODG)}
#: The main stream of each legacy format, a direct child of the root storage.
_OLE2_MAIN_STREAMS = {
    "WordDocument": DOC,
    "Workbook": XLS,
    "Book": XLS,
    "PowerPoint Document": PPT,
}
_OLE2_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_OLE2_NO_STREAM = 0xFFFFFFFF
_OLE2_STREAM_OBJECT = 2
_OLE2_MAX_STEPS = 100_000


def detect_file_type(file: IO[bytes]) -> FileType | None:
    """The type ``file``'s bytes prove, or None. Leaves the position at 0.

    ``file`` must be seekable (Django's uploaded and stored files are).
    """
    try:
        file.seek(0)
        head = file.read(_HEAD_BYTES)
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if _is_p7m_der(head) or _is_p7m_base64(head):
            return P7M
        if head.startswith(_ZIP_MAGIC):
            return _zip_type(file, head)
        if head.startswith(_OLE2_MAGIC):
            return _ole2_type(file)
        return None
    finally:
        file.seek(0)


def extension_matches(file_type: FileType, filename: str) -> bool:
    """Whether ``filename`` ends with one of ``file_type``'s extensions.

    ``atto.pdf.p7m`` matches P7M (its last extension is ``.p7m``).
    """
    return filename.lower().endswith(file_type.extensions)


def file_type_for_mime(mime_type: str) -> FileType | None:
    return _BY_MIME.get(mime_type)


def accepted_extensions() -> list[str]:
    return [extension for t in ACCEPTED_TYPES for extension in t.extensions]


def accepted_labels() -> str:
    """``PDF, P7M, DOCX, …`` for messages listing the accepted formats."""
    return ", ".join(file_type.label for file_type in ACCEPTED_TYPES)


def format_size(size: int) -> str:
    """``492 KB``, ``1,5 MB``: binary multiples, localised decimal separator."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{number_format(round(size / (1024 * 1024), 1), 1)} MB"


def _is_p7m_der(data: bytes) -> bool:
    return (
        len(data) > 2
        and data[0] == 0x30
        and data[1] in _P7M_LENGTH_OCTETS
        and _SIGNED_DATA_OID in data[:_P7M_OID_WINDOW]
    )


def _is_p7m_base64(head: bytes) -> bool:
    """A base64 (optionally PEM-armoured) encoding of a DER p7m."""
    text = head
    for marker in _PEM_MARKERS:
        if text.lstrip().startswith(marker):
            text = text.lstrip()[len(marker) :]
            break
    compact = b"".join(text.split())[:512]
    compact = compact[: len(compact) - len(compact) % 4]
    if len(compact) < 16:
        return False
    try:
        decoded = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return False
    return _is_p7m_der(decoded)


def _zip_type(file: IO[bytes], head: bytes) -> FileType | None:
    """ODF (first entry ``mimetype``) or OOXML (``[Content_Types].xml``).

    Only the central directory and one small member are read, so a zip bomb
    costs nothing: members larger than ``_MAX_MANIFEST_BYTES`` are refused.
    """
    try:
        with zipfile.ZipFile(file) as archive:
            if _first_member_name(head) == b"mimetype":
                return _ODF_TYPES.get(_read_small(archive, "mimetype").decode("ascii"))
            manifest = _read_small(archive, "[Content_Types].xml")
    except (
        KeyError,
        zipfile.BadZipFile,
        NotImplementedError,
        OSError,
        RuntimeError,
        UnicodeDecodeError,
        ValueError,
    ):
        return None
    for marker, file_type in _OOXML_MAIN_PARTS:
        if marker in manifest:
            return file_type
    return None


def _first_member_name(head: bytes) -> bytes:
    """The name in the zip's first local file header (ODF 1.2, part 3, §3.3)."""
    name_length = int.from_bytes(head[26:28], "little")
    return head[30 : 30 + name_length]


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > _MAX_MANIFEST_BYTES:
        raise ValueError(f"{name} is too large")
    with archive.open(info) as member:
        return member.read(_MAX_MANIFEST_BYTES + 1)[:_MAX_MANIFEST_BYTES]


def _ole2_type(file: IO[bytes]) -> FileType | None:
    """The format named by the main stream among the root storage's children.

    Walks the compound file (MS-CFB): header, FAT, directory chain, then the
    red-black tree of the root's children; embedded objects (sub-storages)
    are not entered, so a Word file embedding a spreadsheet stays Word.
    """
    try:
        return _Ole2Reader(file).main_stream_type()
    except (IndexError, ValueError, OSError):
        return None


class _Ole2Reader:
    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        file.seek(0)
        header = file.read(512)
        if len(header) < 512:
            raise ValueError("truncated header")
        sector_shift = _u16(header, 30)
        if sector_shift not in (9, 12):
            raise ValueError("bad sector size")
        self.sector_size = 1 << sector_shift
        self.first_directory_sector = _u32(header, 48)
        fat_sectors = [_u32(header, 76 + 4 * i) for i in range(109)]
        difat_sector, difat_count = _u32(header, 68), _u32(header, 72)
        per_sector = self.sector_size // 4
        for _ in range(min(difat_count, _OLE2_MAX_STEPS)):
            if difat_sector >= _OLE2_MAX_REGULAR_SECTOR:
                break
            data = self._sector(difat_sector)
            fat_sectors.extend(_u32(data, 4 * i) for i in range(per_sector - 1))
            difat_sector = _u32(data, self.sector_size - 4)
        self.fat_sectors = [s for s in fat_sectors if s < _OLE2_MAX_REGULAR_SECTOR]

    def _sector(self, sector: int) -> bytes:
        self.file.seek((sector + 1) * self.sector_size)
        data = self.file.read(self.sector_size)
        if len(data) < self.sector_size:
            raise ValueError("sector beyond the end of the file")
        return data

    def _next_sector(self, sector: int) -> int:
        per_sector = self.sector_size // 4
        fat_sector = self.fat_sectors[sector // per_sector]
        return _u32(self._sector(fat_sector), 4 * (sector % per_sector))

    def _directory(self) -> bytes:
        chunks: list[bytes] = []
        sector, seen = self.first_directory_sector, set[int]()
        while sector < _OLE2_MAX_REGULAR_SECTOR and len(seen) < _OLE2_MAX_STEPS:
            if sector in seen:
                raise ValueError("cycle in the directory chain")
            seen.add(sector)
            chunks.append(self._sector(sector))
            sector = self._next_sector(sector)
        return b"".join(chunks)

    def main_stream_type(self) -> FileType | None:
        directory = self._directory()
        entry_count = len(directory) // 128

        def entry(index: int) -> bytes:
            return directory[index * 128 : (index + 1) * 128]

        pending, seen = [_u32(entry(0), 76)], set[int]()
        while pending:
            index = pending.pop()
            if index == _OLE2_NO_STREAM or index >= entry_count or index in seen:
                continue
            seen.add(index)
            record = entry(index)
            name_bytes = max(_u16(record, 64) - 2, 0)
            name = record[: min(name_bytes, 62)].decode("utf-16-le", "replace")
            if record[66] == _OLE2_STREAM_OBJECT and name in _OLE2_MAIN_STREAMS:
                return _OLE2_MAIN_STREAMS[name]
            pending.extend((_u32(record, 68), _u32(record, 72)))
        return None


def _u16(data: bytes, offset: int) -> int:
    return int.from_bytes(data[offset : offset + 2], "little")


def _u32(data: bytes, offset: int) -> int:
    if offset + 4 > len(data):
        raise IndexError(offset)
    return int.from_bytes(data[offset : offset + 4], "little")
