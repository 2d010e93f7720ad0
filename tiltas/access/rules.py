"""The access policy exposed as django-rules permissions, for ``user.has_perm(name, obj)``."""

import rules

from tiltas.access import policy


@rules.predicate
def can_view_participant(user, participant):
    return participant is not None and policy.can_view_participant(user, participant)


@rules.predicate
def can_edit_participant(user, participant):
    return participant is not None and policy.can_edit_participant(user, participant)


@rules.predicate
def can_view_sensitive(user, participant):
    return participant is not None and policy.can_view_sensitive(user, participant)


@rules.predicate
def can_manage_case(user, case):
    return case is not None and policy.can_manage_case(user, case)


rules.add_perm("people.view_participant", can_view_participant)
rules.add_perm("people.change_participant", can_edit_participant)
rules.add_perm("people.view_sensitiveprofile", can_view_sensitive)
rules.add_perm("people.change_sensitiveprofile", can_view_sensitive)
rules.add_perm("casework.change_case", can_manage_case)
