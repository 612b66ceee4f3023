"""``multipart/form-data`` bodies read as RFC 7578 and RFC 2046 define them.

Sanic's own parser splits the body wherever the bare boundary text occurs, so a short boundary
such as ``boundary=x`` (hand-built bodies use them; curl's long random ones never meet this)
also splits on every ``x`` inside a header or value, and then finds "no fields". Here a part
ends only at a delimiter line: a line break, ``--`` and the boundary, then only transport
padding (spaces, tabs) up to the end of the line, or ``--`` for the last one. What comes before
the first delimiter (the preamble) and after the last (the epilogue) is ignored. Lines end in
CRLF as the RFCs say; bare LF line ends (common in hand-built bodies) are read too.
"""
import re
from dataclasses import dataclass

from sanic.headers import parse_content_header

from .errors import ApiError

# RFC 2046 bchars: 1 to 70 characters, not ending in a space
_BOUNDARY = re.compile(r"^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_PADDING = b" \t"


@dataclass(frozen=True)
class Part:
    name: str
    filename: str | None
    content_type: str
    data: bytes


def invalid(detail: str) -> ApiError:
    return ApiError("INVALID_REQUEST", f"Multipart body could not be read: {detail}")


def boundary_of(content_type: str) -> bytes:
    boundary = parse_content_header(content_type or "")[1].get("boundary")
    if not boundary:
        raise invalid("the Content-Type has no boundary parameter, e.g. multipart/form-data; boundary=x")
    if not _BOUNDARY.match(str(boundary)):
        raise invalid("the boundary must be 1 to 70 letters, digits or '()+_,-./:=? and not end in a space")
    return str(boundary).encode("ascii")


def _delimiter_end(body: bytes, after: int) -> tuple[int, bool] | None:
    """Where the line of a delimiter candidate ends, and whether it closes the body; None when
    the text after the boundary shows that this was no delimiter."""
    if body[after:after + 2] == b"--":
        return len(body), True
    end = body.find(b"\n", after)
    if end == -1 or body[after:end].rstrip(b"\r").strip(_PADDING):
        return None
    return end + 1, False


def _next_delimiter(body: bytes, delimiter: bytes, start: int) -> tuple[int, int, bool] | None:
    """(where the delimiter line starts, where the next part starts, whether it is the last)."""
    at = start
    while True:
        found = body.find(b"\n" + delimiter, at)
        if found == -1:
            return None
        line = _delimiter_end(body, found + 1 + len(delimiter))
        if line is not None:
            return found, line[0], line[1]
        at = found + 1


def split_parts(body: bytes, boundary: bytes) -> list[bytes]:
    """The encapsulated parts of a body, each without the line break that belongs to the next delimiter."""
    delimiter = b"--" + boundary
    # the first delimiter starts the body or a line; the preamble before it is ignored
    first = _delimiter_end(body, len(delimiter)) if body.startswith(delimiter) else None
    if first is not None:
        start, closed = first
    else:
        found = _next_delimiter(body, delimiter, 0)
        if found is None:
            raise invalid(f"no delimiter line --{boundary.decode()} found (check the boundary)")
        _, start, closed = found
    parts = []
    while not closed:
        found = _next_delimiter(body, delimiter, max(start - 1, 0))
        if found is None:
            raise invalid(f"the body ends without the closing delimiter --{boundary.decode()}--")
        line_start, next_start, closed = found
        end = line_start - 1 if line_start > start and body[line_start - 1:line_start] == b"\r" else line_start
        parts.append(body[start:max(end, start)])
        start = next_start
    return parts


def _headers(raw: bytes) -> dict[str, str]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid("a part's headers are not valid UTF-8") from None
    headers: dict[str, str] = {}
    last = None
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and last:  # an obsolete folded line continues the header above
            headers[last] += " " + line.strip()
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise invalid(f"a part's header line {line[:60]!r} has no 'Name: value' form")
        last = name.strip().lower()
        headers[last] = value.strip()
    return headers


def read_part(raw: bytes) -> Part | None:
    """A part's field; None for a part that names no form-data field (RFC 7578 says to skip it)."""
    if raw.startswith(b"\n") or raw.startswith(b"\r\n"):
        head, data = b"", raw[raw.index(b"\n") + 1:]
    else:
        blank = _BLANK_LINE.search(raw)
        if blank is None:
            raise invalid("a part has no blank line between its headers and its content")
        head, data = raw[:blank.start()], raw[blank.end():]
    headers = _headers(head) if head else {}
    disposition, options = parse_content_header(headers.get("content-disposition", ""))
    if disposition != "form-data" or not options.get("name"):
        return None
    return Part(str(options["name"]), options.get("filename"), headers.get("content-type", "text/plain"), data)


def field_text(part: Part) -> str:
    charset = str(parse_content_header(part.content_type)[1].get("charset", "utf-8"))
    try:
        return part.data.decode(charset)
    except LookupError:
        raise invalid(f"field {part.name[:80]!r} names an unknown charset {charset[:40]!r}") from None
    except UnicodeDecodeError:
        raise invalid(f"field {part.name[:80]!r} is not valid {charset[:40]}") from None


def parse_multipart(body: bytes, content_type: str) -> list[tuple[str, object]]:
    """(name, value) pairs in body order: text fields as text, files described (not stored)."""
    pairs: list[tuple[str, object]] = []
    for raw in split_parts(body, boundary_of(content_type)):
        part = read_part(raw)
        if part is None:
            continue
        if part.filename is None:
            pairs.append((part.name, field_text(part)))
        else:
            pairs.append((part.name, {"filename": part.filename, "contentType": part.content_type,
                                      "size": len(part.data)}))
    return pairs
