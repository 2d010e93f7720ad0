from django import template

register = template.Library()


@register.filter
def fields_named(form, names: str):
    """The form's bound fields named in a comma-separated list, in that order."""
    return [form[name.strip()] for name in names.split(",") if name.strip() in form.fields]


@register.filter
def widget_kind(bound_field) -> str:
    """'checkbox' for a single tick box, 'choices' for a group of them, else 'input'."""
    from django import forms

    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"
