from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def reading_grade(grade, limit):
    """A Flesch-Kincaid grade as pages show it: above ``limit``, flagged and saying the limit.

    The flag is in words as well as in red, for whoever does not see the colour.
    """
    if grade is None:
        return "—"
    if grade > limit:
        return format_html(
            '<strong class="grade-over">{} — above the limit of {}</strong>',
            f"{grade:.1f}",
            f"{limit:.1f}",
        )
    return f"{grade:.1f}"
