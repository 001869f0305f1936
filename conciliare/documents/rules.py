"""Who may upload, change and read documents (django-rules).

``documents.view_document`` must agree with ``selectors.document_visible_to``
(``tests/selectors/test_document_visible_to.py`` checks it role by role).
"""

from typing import Any

import rules

from conciliare.accounts.predicates import (
    is_ats_officer,
    is_ats_officer_of,
    is_committee_member_of,
    is_regional_officer,
)
from conciliare.documents.grants import documents_granted_to
from conciliare.documents.models import Document


@rules.predicate
def is_public_document(user: Any, document: Any) -> bool:
    return document is not None and bool(document.is_public)


@rules.predicate
def is_unscoped_or_own_ats(user: Any, document: Any) -> bool:
    """No document given (may the user upload at all?) or one of the user's ATS."""
    return document is None or bool(is_ats_officer_of(user, document))


@rules.predicate
def is_granted_reader(user: Any, document: Any) -> bool:
    """Another app grants ``user`` this private document (``grants.py``): the
    person who asked to join a network reads the form they signed."""
    if document is None or document.pk is None:
        return False
    return (
        Document.objects.filter(pk=document.pk)
        .filter(documents_granted_to(user))
        .exists()
    )


# Without an object: may the user open the upload form? With the unsaved
# document: may the user upload *this* one (ATS officers only for their ATS,
# regional documents, with no ATS, only by regional officers).
rules.add_perm(
    "documents.add_document",
    is_regional_officer | (is_ats_officer & is_unscoped_or_own_ats),
)
rules.add_perm("documents.change_document", is_regional_officer | is_ats_officer_of)
rules.add_perm(
    "documents.view_document",
    is_public_document
    | is_regional_officer
    | is_ats_officer_of
    | is_committee_member_of
    | is_granted_reader,  # last: the only one that queries
)
