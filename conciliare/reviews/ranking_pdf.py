"""The approved ranking of a call with the committee's minutes, as a PDF
(WeasyPrint): the three lists, the act and the summary of the session."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from conciliare.reviews.models import Ranking
from conciliare.reviews.ranking_selectors import ranking_lists


def ranking_pdf(*, ranking: Ranking) -> bytes:
    return bytes(HTML(string=ranking_html(ranking=ranking)).write_pdf())


def ranking_html(*, ranking: Ranking) -> str:
    return render_to_string(
        "reviews/ranking/ranking_pdf.html",
        {
            "ranking": ranking,
            "call": ranking.call,
            "lists": ranking_lists(ranking=ranking),
            "approved_at": timezone.localtime(ranking.approved_at)
            if ranking.approved_at
            else None,
        },
    )


def ranking_pdf_filename(ranking: Ranking) -> str:
    return f"graduatoria-avviso-{ranking.call_id}.pdf"
