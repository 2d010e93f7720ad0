"""Lithuanian first: every string of the interface has a Lithuanian translation."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "lt" / "LC_MESSAGES" / "django.po"
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "tiltas").glob("*/templates"))]
_STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
CALL = re.compile(rf"\b(n?gettext)\(({_STRING}(?:\s*,\s*{_STRING})?)")


def po_entries():
    text = PO.read_text(encoding="utf-8")
    return [block for block in text.split("\n\n")[1:] if "msgid" in block]


def test_catalogue_has_no_empty_or_fuzzy_translation():
    untranslated = []
    for block in po_entries():
        if "#, fuzzy" in block:
            untranslated.append(block)
            continue
        for _empty in re.finditer(r'^msgstr(?:\[\d\])? ""\n(?!")', block + "\n", re.M):
            untranslated.append(block)
            break
    assert not untranslated, "untranslated entries:\n\n" + "\n\n".join(untranslated[:10])


def template_strings():
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            source = path.read_text(encoding="utf-8")
            if "{% load i18n" not in source and "{%load i18n" not in source:
                continue
            for kind, args in CALL.findall(templatize(source, origin=str(path))):
                values = ast.literal_eval(f"({args},)")
                yield path.relative_to(ROOT), kind, values


@pytest.mark.parametrize("language", ["lt"])
def test_every_template_string_is_translated(language):
    missing = []
    with translation.override(language):
        for path, kind, values in template_strings():
            if kind == "gettext":
                msgid = values[0]
                if translation.gettext(msgid) == msgid and re.search("[A-Za-z]{3}", msgid):
                    missing.append(f"{path}: {msgid!r}")
            else:
                singular, plural = values[0], values[1]
                if translation.ngettext(singular, plural, 5) == plural:
                    missing.append(f"{path}: {plural!r}")
    assert not missing, "not translated:\n" + "\n".join(sorted(set(missing))[:40])
