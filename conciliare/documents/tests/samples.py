"""Small but real file samples, built byte by byte for the tests."""

import base64
import io
import struct
import zipfile
import zlib


def pdf_bytes(text: str = "Conciliare") -> bytes:
    """A one-page PDF that viewers open."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def png_bytes() -> bytes:
    """A 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """A JFIF header, enough to be recognised (not a decodable image)."""
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
    )


_OOXML_MAIN = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "docm": (
        "word/document.xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    ),
}


def ooxml_bytes(kind: str = "docx") -> bytes:
    part, content_type = _OOXML_MAIN[kind]
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/officeDocument" Target="{part}"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr(part, "<document/>")
    return out.getvalue()


def odf_bytes(subtype: str = "text") -> bytes:
    """An OpenDocument package: ``mimetype`` first and stored, as ODF requires."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            f"application/vnd.oasis.opendocument.{subtype}",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr(
            "content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED
        )
        archive.writestr(
            "META-INF/manifest.xml", "<manifest:manifest/>", zipfile.ZIP_DEFLATED
        )
    return out.getvalue()


def plain_zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("leggimi.txt", "Un archivio qualsiasi.")
    return out.getvalue()


_SIGNED_DATA_OID = bytes.fromhex("06092A864886F70D010702")


def _der(tag: int, content: bytes, length_octets: int = 2) -> bytes:
    return (
        bytes([tag, 0x80 | length_octets])
        + len(content).to_bytes(length_octets, "big")
        + content
    )


def p7m_der_bytes(length_octets: int = 2) -> bytes:
    """ContentInfo { signedData, [0] SignedData { version, …, the PDF } }."""
    signed_data = _der(0x30, b"\x02\x01\x01" + _der(0x04, pdf_bytes()), length_octets=2)
    body = _SIGNED_DATA_OID + _der(0xA0, signed_data, length_octets=2)
    return _der(0x30, body, length_octets=length_octets)


def p7m_ber_indefinite_bytes() -> bytes:
    """BER with indefinite lengths, as several Italian signing tools write."""
    return (
        b"\x30\x80"
        + _SIGNED_DATA_OID
        + b"\xa0\x80\x30\x80\x02\x01\x01"
        + _der(0x04, pdf_bytes())
        + b"\x00\x00\x00\x00\x00\x00"
    )


def p7m_base64_bytes(pem: bool = False) -> bytes:
    encoded = base64.encodebytes(p7m_der_bytes())
    if pem:
        return b"-----BEGIN PKCS7-----\n" + encoded + b"-----END PKCS7-----\n"
    return encoded


_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _directory_entry(
    name: str, kind: int, *, left: int = _NONE, right: int = _NONE, child: int = _NONE
) -> bytes:
    encoded = name.encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded) + 2, kind, 1)
        + struct.pack("<III", left, right, child)
        + b"\x00" * 16  # class id
        + b"\x00" * 4  # state bits
        + b"\x00" * 16  # creation and modification times
        + struct.pack("<IQ", _END, 0)  # start sector, size
    )


def ole2_bytes(stream: str = "WordDocument", embedded: str | None = None) -> bytes:
    """A compound file (MS-CFB v3) whose root holds ``stream`` and, if given,
    an ``ObjectPool`` storage holding an ``embedded`` stream."""
    storage, stream_kind, root_kind = 1, 2, 5
    entries = [
        _directory_entry("Root Entry", root_kind, child=1),
        _directory_entry(stream, stream_kind, right=2 if embedded else _NONE),
    ]
    if embedded:
        entries.append(_directory_entry("ObjectPool", storage, child=3))
        entries.append(_directory_entry(embedded, stream_kind))
    directory = b"".join(entries).ljust(512, b"\x00")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    fat = struct.pack("<II", _FAT, _END) + struct.pack("<I", _FREE) * 126
    return header + fat + directory


def exe_bytes() -> bytes:
    """The start of a Windows program (``MZ``)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
