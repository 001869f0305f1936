"""Reading the downloads back as a consumer would."""

import codecs
import csv
import io
import json
from decimal import Decimal
from typing import Any


def download_bytes(client: Any, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content)


def csv_rows(client: Any, slug: str) -> list[dict[str, str]]:
    body = download_bytes(client, f"/dati-aperti/{slug}.csv")
    assert body.startswith(codecs.BOM_UTF8)
    text = body.decode("utf-8-sig")  # raises when not valid UTF-8
    return list(csv.DictReader(io.StringIO(text, newline="")))


def json_rows(client: Any, slug: str) -> list[dict[str, Any]]:
    body = download_bytes(client, f"/dati-aperti/{slug}.json")
    rows: list[dict[str, Any]] = json.loads(body.decode("utf-8"), parse_float=Decimal)
    return rows
