"""HTML to PDF with WeasyPrint, offline: the renderer may read ``data:`` URIs (the map and
charts are embedded as such) and nothing else, so a PDF never fetches from anywhere."""

from __future__ import annotations

import logging

# WeasyPrint reports progress at INFO while it loads its default stylesheet on import;
# the project logs INFO to the console, so quiet it before the import below.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402


def html_to_pdf(html: str) -> bytes:
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())
