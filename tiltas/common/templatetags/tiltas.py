from django import template

register = template.Library()


@register.filter
def fields_named(form, names: str):
    """The form's bound fields named in a comma-separated list, in that order."""
    return [form[name.strip()] for name in names.split(",") if name.strip() in form.fields]
