#!/usr/bin/env python3
"""Writes examples/archive/reports-mixed.zip from examples/reports/ (run from the repository root).

The archive mixes what nianbao meets in the field: member names stored in GBK without the zip
UTF-8 flag (as Windows zip tools in China write them), GB18030, UTF-16LE with BOM and UTF-8 with
CRLF line ends, and a .tar.gz inside the zip. Fixed timestamps: the bytes do not change between runs.
"""
import io
import tarfile
import zipfile

REPORTS = "examples/reports/"
STAMP = (2024, 3, 1, 0, 0, 0)


def read(name):
    with open(REPORTS + name, encoding="utf-8") as f:
        return f.read()


class GbkZipInfo(zipfile.ZipInfo):
    """A member whose name is stored as GBK bytes, without the UTF-8 flag (Python would write
    UTF-8 and set the flag)."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits


def add(z, name, data):
    info = GbkZipInfo(name, date_time=STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    z.writestr(info, data)


inner = io.BytesIO()
with tarfile.open(fileobj=inner, mode="w:gz", format=tarfile.PAX_FORMAT) as t:
    data = read("004_123f89bb2f6c6569.txt").encode("utf-8")
    ti = tarfile.TarInfo("县级部门/004_红寺堡区政府办公室.txt")
    ti.size, ti.mtime, ti.mode = len(data), 1709251200, 0o644
    t.addfile(ti, io.BytesIO(data))
inner_bytes = inner.getvalue()
# gzip stores a timestamp too: clear it (bytes 4-7) so the archive is the same on every run.
inner_bytes = inner_bytes[:4] + b"\0\0\0\0" + inner_bytes[8:]

with zipfile.ZipFile("examples/archive/reports-mixed.zip", "w") as z:
    add(z, "2023年报/000_汇总.txt", read("000_7309f594a2168ba9.txt").encode("gb18030"))
    add(z, "2023年报/001_utf16.txt", b"\xff\xfe" + read("001_b567e4114b5ffb79.txt").encode("utf-16-le"))
    add(z, "2023年报/002_crlf.txt", read("002_bd575b38e5e6b191.txt").replace("\n", "\r\n").encode("utf-8"))
    add(z, "2023年报/more.tar.gz", inner_bytes)
