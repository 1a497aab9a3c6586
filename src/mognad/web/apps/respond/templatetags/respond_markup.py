"""`{% respond_field field q nested %}`: one answer field as the respondent's pages show it.

For templates outside the respondent's pages (the library's preview) that lay out
questions themselves; the markup comes from markup.py, the one place that writes it.
"""

from django import template
from django.utils.safestring import SafeString

from mognad.web.apps.respond.markup import field_html
from mognad.web.apps.respond.pages import Field, Question

register = template.Library()


@register.simple_tag
def respond_field(field: Field, q: Question | None, nested: bool) -> SafeString:
    return field_html(field, q.help if q is not None else None, nested=nested)
