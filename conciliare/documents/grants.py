"""Private documents that another app lets particular people read.

The documents app knows the Region and ATS scopes only. An app whose objects
hold a private document for a person outside those scopes (a membership's
signed form, for the person who asked to join) registers a *grant*: a
function from a signed-in user to the ids of the documents that person may
read (a ``values("<document>_id")`` queryset). ``documents.view_document``
and ``document_visible_to`` both consult the grants, so rule and selector
agree; with no grant registered nothing more is visible.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

#: ``user`` -> the ids of the documents granted to ``user``.
DocumentGrant = Callable[[Any], QuerySet[Any]]

_grants: list[DocumentGrant] = []


def document_grant_register(grant: DocumentGrant) -> None:
    """Let the documents ``grant`` names be read by the people it names
    (registered once, when the app's rules are loaded)."""
    if grant not in _grants:
        _grants.append(grant)


def documents_granted_to(user: Any) -> Q:
    """A filter on Document: the ones some grant lets ``user`` read."""
    condition = Q(pk__in=[])
    if user is None or not getattr(user, "is_authenticated", False):
        return condition
    for grant in _grants:
        condition |= Q(pk__in=grant(user))
    return condition
