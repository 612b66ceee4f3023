"""multipart/form-data read by RFC 7578 / RFC 2046: any valid boundary, preamble, padding, line ends."""
import json
import sqlite3

import pytest

from svit_appliance.http.errors import ApiError
from svit_appliance.http.multipart import parse_multipart
from tests.wire import ingest_url

CRLF_BODY = (b'--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nmax@example.com\r\n'
             b'--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nxx --x x--x--\r\n--x--\r\n')


@pytest.mark.parametrize("case, content_type, body, expected", [
    # the reported body: Sanic split on every "x" of the headers and values
    ("short boundary", "multipart/form-data; boundary=x", CRLF_BODY,
     [("email", "max@example.com"), ("text", "xx --x x--x--")]),
    ("quoted boundary with a space", 'multipart/form-data; boundary="a b"',
     b'--a b\r\nContent-Disposition: form-data; name="n"\r\n\r\nv\r\n--a b--', [("n", "v")]),
    ("preamble and epilogue", "multipart/form-data; boundary=zz",
     b'This is the preamble.\r\n--zz\r\nContent-Disposition: form-data; name="n"\r\n\r\nv\r\n--zz--\r\nepilogue',
     [("n", "v")]),
    ("transport padding", "multipart/form-data; boundary=zz",
     b'--zz  \t\r\nContent-Disposition: form-data; name="n"\r\n\r\nv\r\n--zz--', [("n", "v")]),
    ("bare LF line ends", "multipart/form-data; boundary=zz",
     b'--zz\nContent-Disposition: form-data; name="a"\n\n1\n--zz\nContent-Disposition: form-data; name="b"\n\n\n--zz--\n',
     [("a", "1"), ("b", "")]),
    ("boundary-like text inside a value", "multipart/form-data; boundary=x",
     b'--x\r\nContent-Disposition: form-data; name="n"\r\n\r\nline\r\n--xylophone\r\n--x--', [("n", "line\r\n--xylophone")]),
    ("a charset of the part", "multipart/form-data; boundary=x",
     b'--x\r\nContent-Disposition: form-data; name="n"\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nZo\xeb\r\n--x--',
     [("n", "Zoë")]),
    ("a file is described", "multipart/form-data; boundary=x",
     b'--x\r\nContent-Disposition: form-data; name="cv"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nxyz\r\n--x--',
     [("cv", {"filename": "a.txt", "contentType": "text/plain", "size": 3})]),
    ("a part without a name is skipped", "multipart/form-data; boundary=x",
     b'--x\r\nContent-Type: text/plain\r\n\r\nlost\r\n--x\r\nContent-Disposition: form-data; name="n"\r\n\r\nv\r\n--x--',
     [("n", "v")]),
    ("a folded header line", "multipart/form-data; boundary=x",
     b'--x\r\nContent-Disposition: form-data;\r\n name="n"\r\n\r\nv\r\n--x--', [("n", "v")]),
])
def test_it_reads_every_valid_multipart_body(case, content_type, body, expected):
    assert parse_multipart(body, content_type) == expected


@pytest.mark.parametrize("content_type, body, fragment", [
    ("multipart/form-data", b"--x\r\n\r\n--x--", "no boundary parameter"),
    ("multipart/form-data; boundary=" + "b" * 71, b"", "1 to 70"),
    ("multipart/form-data; boundary=x", b"no delimiter here", "no delimiter line --x found"),
    ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="n"\r\n\r\nv', "closing delimiter"),
    ("multipart/form-data; boundary=x", b"--x\r\nbroken\r\n--x--", "no blank line"),
    ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="n"\r\n\r\n\xff\r\n--x--',
     "not valid utf-8"),
])
def test_it_explains_a_broken_multipart_body(content_type, body, fragment):
    with pytest.raises(ApiError) as refused:
        parse_multipart(body, content_type)
    assert fragment in refused.value.detail


def test_it_accepts_a_hand_built_body_with_a_one_letter_boundary(appliance):
    response = appliance.client.post(ingest_url(appliance.integrations["webhook"]["id"]),
                                     headers={**appliance.auth(), "Content-Type": "multipart/form-data; boundary=x"},
                                     content=CRLF_BODY)
    assert response.status_code == 202, response.text
    with sqlite3.connect(appliance.data_dir / "svit.db") as connection:
        (body,) = connection.execute("SELECT body FROM ingestion_job WHERE id = ?",
                                     (response.json()["jobId"],)).fetchone()
    assert json.loads(body) == {"email": "max@example.com", "text": "xx --x x--x--"}
