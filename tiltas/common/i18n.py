"""Messages Django shows but does not translate into Lithuanian, kept in our own catalogue.

Django 6.1 puts "- Select an option -" (django.db.models.fields.BLANK_CHOICE_LABEL) at the top
of every required select, but Django's Lithuanian catalogue has no translation for it, so every
form showed it in English. Our catalogue (LOCALE_PATHS) takes precedence over Django's, so a
translation there is used for Django's own lookup of the same msgid. Marking it here with
gettext_noop makes `makemessages` keep the entry in locale/*/django.po; nothing imports this
name at run time. The msgid must stay exactly Django's.
"""

from django.utils.translation import gettext_noop

BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")
