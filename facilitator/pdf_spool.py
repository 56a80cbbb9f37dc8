"""An fpdf2 document whose finished pages wait on disk, written to its file as it is assembled.

fpdf2 keeps every page's drawing operators in memory until `output()`, then compresses them all,
then assembles the whole file in one more buffer: for the badges of a 20,000-person fair (2,500
pages of about 47 KB of operators each) that is some 170 MB held at once, growing with every
person. A `SpooledPDF` compresses each page the moment the next one starts, exactly as fpdf2
would at the end (same zlib level), appends it to an unnamed scratch file and keeps only where
it lies; at the end fpdf2 assembles the document as usual, but each page's stream is read back
as its turn comes and every object goes straight to the file, so what stays in memory is one
page and fpdf2's small per-page records, whatever the number of pages.

The bytes are the ones `FPDF.output()` writes, object for object, /ID included (its MD5 runs
over the bytes as they go out), so readers, printers and the tests see the same document.
This leans on fpdf2's output internals (`OutputProducer`, `PDFContentStream`), which is why
fpdf2 is pinned to a minor version; a page fpdf2 may still rewrite (one holding a total-pages
alias) simply stays in memory.
"""

from __future__ import annotations

import hashlib
import tempfile
import zlib
from pathlib import Path
from typing import IO, Any

from fpdf import FPDF
from fpdf.output import OutputProducer, PDFPage
from fpdf.syntax import Name, PDFContentStream, PDFObject

from facilitator.i18n import t


class _Spool:
    """Compressed page streams, one after another in an unnamed scratch file."""

    def __init__(self) -> None:
        # Closed by close(), when the document is written; unnamed, so a crash leaves nothing.
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="facilitator-pdf-")  # noqa: SIM115
        self._end = 0

    def put(self, compressed: bytes) -> tuple[int, int]:
        self._file.seek(self._end)
        self._file.write(compressed)
        where = (self._end, len(compressed))
        self._end += len(compressed)
        return where

    def get(self, offset: int, length: int) -> bytes:
        self._file.seek(offset)
        return self._file.read(length)

    def close(self) -> None:
        self._file.close()


class _SpooledStream(PDFContentStream):
    """A page's content stream that stays in the spool until it is serialised."""

    def __init__(self, spool: _Spool, offset: int, length: int) -> None:
        PDFObject.__init__(self)
        self.filter = Name("FlateDecode")
        self.length = length
        self._where = (spool, offset, length)

    def content_stream(self) -> bytes:
        spool, offset, length = self._where
        return spool.get(offset, length)

    def serialize(self, obj_dict: Any = None, _security_handler: Any = None) -> str:
        # No encryption here (SpooledPDF refuses it), so PDFObject's serialisation is the one.
        return PDFObject.serialize(self, obj_dict, _security_handler)


class _FileSink:
    """Stands in for OutputProducer's bytearray: `+=` writes to the file, `len` is the offset
    (what the xref table records), and the MD5 of everything written gives the /ID."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._size = 0
        self.md5 = hashlib.md5(usedforsecurity=False)

    def __iadd__(self, data: bytes) -> _FileSink:
        self._out.write(data)
        self.md5.update(data)
        self._size += len(data)
        return self

    def __len__(self) -> int:
        return self._size


class _StreamingProducer(OutputProducer):
    """fpdf2's assembly, with the spooled pages read back in turn and the output to a file."""

    def __init__(self, fpdf: FPDF) -> None:
        super().__init__(fpdf)
        assert isinstance(fpdf, SpooledPDF)
        self.buffer = _FileSink(fpdf._target())  # type: ignore[assignment]

    def _add_pages(self, _slice: slice = slice(0, None)) -> list[PDFPage]:
        fpdf = self.fpdf
        assert isinstance(fpdf, SpooledPDF)
        spooled = fpdf._spooled
        page_objs = super()._add_pages(_slice)
        by_id = {}
        for page_obj in page_objs:
            where = spooled.get(page_obj.index())
            if where is None:
                continue
            stream = _SpooledStream(fpdf._spool, *where)
            stream.id = page_obj.contents.id
            page_obj.contents = stream
            by_id[stream.id] = stream
        if by_id:
            self.pdf_objs = [
                by_id.get(obj.id, obj) if isinstance(obj, PDFContentStream) else obj
                for obj in self.pdf_objs
            ]
        return page_objs


class SpooledPDF(FPDF):
    """An FPDF whose finished pages are compressed to a scratch file; `write(path)` streams the
    document to `path`. Use it as an FPDF; call `write` instead of `output`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._spool = _Spool()
        self._spooled: dict[int, tuple[int, int]] = {}
        self._destination: IO[bytes] | None = None

    @property
    def pages_in_memory(self) -> int:
        """Pages whose operators are still held here (the one being drawn, and any fpdf2
        still has to rewrite): what keeps the memory flat, for the tests to see."""
        return self.pages_count - len(self._spooled)

    def add_page(self, *args: Any, **kwargs: Any) -> None:
        super().add_page(*args, **kwargs)
        self._spool_page(self.page - 1)

    def _spool_page(self, index: int) -> None:
        page = self.pages.get(index)
        if page is None or index in self._spooled or not isinstance(page.contents, bytearray):
            return
        if page.get_text_substitutions() or not self.compress:
            return  # fpdf2 rewrites these at output (or keeps them plain): leave them to it
        compressed = zlib.compress(page.contents, level=PDFContentStream._COMPRESSION_LEVEL)
        self._spooled[index] = self._spool.put(compressed)
        page.contents = bytearray()

    def _target(self) -> IO[bytes]:
        assert self._destination is not None
        return self._destination

    def output(self, *args: Any, **kwargs: Any) -> Any:
        """Only through `write`: fpdf2's own output would find the spooled pages empty."""
        if self._destination is None:
            raise RuntimeError(t("pdf.error.write_not_output"))
        return super().output(*args, **kwargs)

    def _default_file_id(self, buffer: Any) -> str:
        if not isinstance(buffer, _FileSink):
            return super()._default_file_id(buffer)
        # fpdf2's identifier, over the bytes already written instead of a buffer of them.
        id_hash = buffer.md5.copy()
        if self.creation_date:
            id_hash.update(self.creation_date.strftime("%Y%m%d%H%M%S").encode("utf8"))
        hash_hex = id_hash.hexdigest().upper()
        return f"<{hash_hex}><{hash_hex}>"

    def write(self, path: Path) -> None:
        """Assemble the document into `path` (the caller renames it into place)."""
        with open(path, "wb") as out:
            self._write_into(out)

    def to_bytes(self) -> bytes:
        """The document's bytes, assembled in a scratch file first: for callers that hand
        bytes on (the exports), the pages never all sit in memory uncompressed."""
        with tempfile.TemporaryFile(prefix="facilitator-pdf-") as out:
            self._write_into(out)
            out.seek(0)
            return out.read()

    def _write_into(self, out: IO[bytes]) -> None:
        if self._security_handler is not None or self._sign_key:
            raise RuntimeError(t("pdf.error.no_encryption"))
        try:
            self._destination = out
            self.output(output_producer_class=_StreamingProducer)
        finally:
            self._destination = None
            self._spool.close()
