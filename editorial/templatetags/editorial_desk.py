from django import template

from editorial.admin.desk import desk_of

register = template.Library()


@register.simple_tag
def desk_for(user):
    """The admin home's lists of ``user``'s work (editorial.admin.desk)."""
    return desk_of(user)
