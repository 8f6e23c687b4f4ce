"""Every safety step, role and state: accepted exactly where the rules say, refused with a
message and no change everywhere else, and offered exactly when it would be accepted."""

import pytest

from editorial.exceptions import NotAllowed, WrongState
from editorial.kinds.safety import safety_status
from editorial.models import Release
from editorial.safety.services import allowed_safety_steps
from editorial.services import allowed_steps, guide_publish
from editorial.status import status_of
from tests.factories import build_guide
from tests.safety import (
    SAFETY_ALLOWED_FROM,
    SAFETY_RESULTING_STATE,
    SAFETY_ROLES_WITH_RIGHT,
    SAFETY_STATES,
    SAFETY_STEPS,
    build_safety_state,
    everything_about_safety_information,
)
from tests.workflow import approve, publish_safety_information

pytestmark = pytest.mark.django_db

ROLES = ["editor", "reviewer", "publisher"]


@pytest.mark.parametrize("state", SAFETY_STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", SAFETY_STEPS)
def test_each_safety_step_for_each_role_in_each_state(people, step, role, state):
    build_safety_state(state, people)
    user = people[role]
    offered = allowed_safety_steps(user, safety_status())[step] is None
    before = everything_about_safety_information()

    if role not in SAFETY_ROLES_WITH_RIGHT[step]:
        with pytest.raises(NotAllowed):
            SAFETY_STEPS[step](user)
    elif state not in SAFETY_ALLOWED_FROM[step]:
        with pytest.raises(WrongState):
            SAFETY_STEPS[step](user)
    else:
        assert offered
        SAFETY_STEPS[step](user)
        assert safety_status().state == SAFETY_RESULTING_STATE[step]
        return
    assert not offered
    assert everything_about_safety_information() == before


def test_a_guide_is_not_published_while_no_safety_information_is_live(people):
    guide = build_guide(sections=1, tips_per_section=1)
    approve(guide, editor=people["editor"], reviewer=people["reviewer"])

    refusal = allowed_steps(people["publisher"], status_of(guide))["publish"]
    with pytest.raises(WrongState, match="safety information is live") as refused:
        guide_publish(guide=guide, user=people["publisher"])

    assert refusal == refused.value.message
    assert not Release.objects.filter(guide=guide).exists()


def test_a_guide_is_published_once_the_safety_information_is_live(people):
    guide = build_guide(sections=1, tips_per_section=1)
    approve(guide, editor=people["editor"], reviewer=people["reviewer"])
    publish_safety_information(**people)

    assert allowed_steps(people["publisher"], status_of(guide))["publish"] is None
    assert guide_publish(guide=guide, user=people["publisher"]).number == 1


def test_safety_information_only_in_review_does_not_let_a_guide_out(people):
    build_safety_state("approved", people)
    guide = build_guide(sections=1, tips_per_section=1)
    approve(guide, editor=people["editor"], reviewer=people["reviewer"])

    with pytest.raises(WrongState, match="safety information is live"):
        guide_publish(guide=guide, user=people["publisher"])
