"""The participant's own record: the only one a participant account can read."""

from django.http import Http404

from tiltas.audit.services import record_access
from tiltas.casework.selectors import case_for_participant
from tiltas.people.models import Participant


def own_participant(user) -> Participant:
    try:
        participant = Participant.objects.select_related("organisation").get(user=user)
    except Participant.DoesNotExist:
        raise Http404 from None
    record_access(actor=user, instance=participant, participant_id=participant.pk, what="portal")
    return participant


def own_overview(participant: Participant) -> dict:
    return {
        "enrolments": participant.enrolments.select_related("programme").order_by("-entry_date"),
        "case": case_for_participant(participant),
        "consents": participant.consents.order_by("purpose", "-given_at"),
    }
