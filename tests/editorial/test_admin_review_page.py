"""The review page puts the decision after the evidence.

In this order: what changed (with the editors' "Why this change?" notes since
the submission, at the rows they were made on), the checks that need
attention (flagged, the full reading-level table folded), the preview link,
then the decision in a bar that stays in view, whose Approve waits for the
end of the changes to have been seen (in the browser; tests/browser).
"""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.html import escape

from editorial.checks import guide_checks
from editorial.kinds.safety import safety_status
from editorial.safety.services import safety_submit
from editorial.services import guide_submit
from editorial.status import status_of
from guidance.models import Section, Tip
from tests.admin_pages import edit_row, page_data
from tests.safety import edit_the_crisis_line
from tests.workflow import build_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_safety_information")]

UNSAFE = "Her brother committed suicide. Call or text 988 if you need to talk."
DENSE = (
    "Comprehensive psychopharmacological interventions necessitate interdisciplinary "
    "collaboration among specialized practitioners, notwithstanding considerable "
    "organizational heterogeneity."
)
PLAIN = "Ask. Then listen. Be kind. Take a walk. Call a friend."


def step_page(guide, step):
    return reverse("admin:guidance_guide_workflow", args=[guide.pk, step])


def section_page(section):
    return reverse("admin:guidance_section_change", args=[section.pk])


def as_user(client, user):
    client.force_login(user)
    return client


def in_order(page, *markers):
    """Each marker is on the page, each after the one before."""
    positions = [page.index(marker) for marker in markers]
    assert positions == sorted(positions), dict(zip(markers, positions, strict=True))


def edit_in_review(client, editor, section, lead, body, why):
    """The editor changes a tip on its section's page while the guide is in review."""
    as_user(client, editor)
    data = page_data(client.get(section_page(section)))
    edit_row(data, "tips", "lead", lead, body=body)
    data["change_reason"] = why
    assert client.post(section_page(section), data).status_code == 302


def tip_in_diff(page, lead):
    """The HTML of the diff's entry for the tip ``lead``."""
    (entry,) = [
        item
        for item in page.split('<li class="diff-tip')[1:]
        if f"<strong>{lead}</strong>" in item
    ]
    return entry.split('<li class="diff-tip')[0]


@pytest.fixture
def updated_guide(people):
    """A published guide with an edited tip, submitted for review."""
    guide = build_state("published", people)
    Tip.objects.filter(lead="Tip 1.1").update(body="Say it gently and kindly.")
    guide_submit(guide=guide, user=people["editor"], change_summary="Gentler wording.")
    return guide


def test_the_review_page_shows_the_changes_the_checks_the_preview_then_the_decision(
    client, people, updated_guide
):
    page = as_user(client, people["reviewer"]).get(step_page(updated_guide, "review"))

    assert page.status_code == 200
    html = page.content.decode()
    in_order(
        html,
        'class="editorial-diff"',
        "gently",
        'id="diff-end"',
        "Checks that need attention",
        reverse("reader:guide-preview", args=[updated_guide.slug]),
        ">Your decision</h2>",
        'name="notes"',
        'value="approve"',
        'value="request_changes"',
    )
    # Approve works without script; the script makes it wait for the end of the changes.
    approve = re.search(r"<button[^>]*value=\"approve\"[^>]*>", html).group(0)
    assert 'data-approve-after="diff-end"' in approve
    assert "disabled" not in approve
    assert 'aria-describedby="workflow-approve-hint"' in approve
    assert 'id="workflow-approve-hint" aria-live="polite"' in html
    assert "editorial/admin/review-decision.js" in html
    request_changes = re.search(r"<button[^>]*value=\"request_changes\"[^>]*>", html).group(0)
    assert "data-approve-after" not in request_changes


def test_the_decision_bar_stays_in_view_at_the_bottom_of_the_window():
    stylesheet = Path(finders.find("editorial/admin/workflow.css")).read_text()

    rule = stylesheet[stylesheet.index(".workflow-decision {") :].split("}")[0]
    assert "position: sticky" in rule
    assert "bottom: 0" in rule


def test_a_refused_decision_keeps_the_evidence_first_and_the_waivers_typed(client, people):
    guide = build_state("draft", people)
    Tip.objects.filter(lead="Tip 1.1").update(body=UNSAFE)
    guide_submit(guide=guide, user=people["editor"], change_summary="First version.")
    (finding,) = [f["id"] for f in guide_checks(status_of(guide))["safe_messaging"]]
    reviewer = as_user(client, people["reviewer"])
    fingerprint = status_of(guide).fingerprint

    refused = reviewer.post(
        step_page(guide, "review"),
        {"decision": "approve", "fingerprint": fingerprint, f"waiver-{finding}": "  "},
    )

    assert refused.status_code == 409
    html = refused.content.decode()
    in_order(html, 'id="diff-end"', "“committed suicide”", f'name="waiver-{finding}"')


def test_only_what_needs_attention_is_listed_and_grades_above_the_limit_are_flagged(
    client, people, settings
):
    guide = build_state("draft", people)
    Tip.objects.filter(section__anchor="part-1").update(body=DENSE)
    Tip.objects.filter(section__anchor="part-2").update(body=PLAIN)
    Tip.objects.filter(lead="Tip 2.2").update(body=UNSAFE)
    level = guide_checks(status_of(guide))["readability"]
    dense, plain = (section["grade"] for section in level["sections"])
    assert dense > plain
    settings.GUIDANCE_MAX_READING_GRADE = limit = round((dense + plain) / 2, 1)
    guide_submit(guide=guide, user=people["editor"], change_summary="First version.")

    html = as_user(client, people["reviewer"]).get(step_page(guide, "review")).content.decode()

    checks = html[html.index('id="checks"') :]
    attention, folded = checks.split('<details class="check-all-grades">')
    folded = folded.split("</details>")[0]
    flag = f'<strong class="grade-over">{dense:.1f} — above the limit of {limit:.1f}</strong>'
    assert f"Section “Part 1”: {flag}" in attention
    assert "Part 2" not in attention
    assert "“committed suicide”" in attention
    # The full table, folded, flags the same grade and leaves the other plain.
    assert f"<td>Part 1</td><td>{flag}</td>" in folded
    assert f"<td>Part 2</td><td>{plain:.1f}</td>" in folded


def test_a_guide_within_the_limit_says_nothing_needs_attention(client, people, settings):
    settings.GUIDANCE_MAX_READING_GRADE = 30.0
    guide = build_state("in_review", people)

    html = as_user(client, people["reviewer"]).get(step_page(guide, "review")).content.decode()

    assert "Nothing needs attention" in html
    assert "grade-over" not in html
    assert '<details class="check-all-grades">' in html


def test_the_submit_page_flags_grades_above_the_limit_too(client, people, settings):
    settings.GUIDANCE_MAX_READING_GRADE = 0.5
    guide = build_state("draft", people)

    html = as_user(client, people["editor"]).get(step_page(guide, "submit")).content.decode()

    assert "above the limit of 0.5</strong>" in html
    assert 'class="grade-over"' in html


def test_a_release_page_flags_its_grades_above_the_limit(client, people, settings):
    guide = build_state("published", people)
    release = guide.releases.get()
    grades = release.reading_level
    settings.GUIDANCE_MAX_READING_GRADE = limit = grades["grade"] - 0.1

    html = as_user(client, people["editor"]).get(
        reverse("admin:editorial_release_change", args=[release.pk])
    )

    flag = f'<strong class="grade-over">{grades["grade"]:.1f} — above the limit of {limit:.1f}'
    assert f"The whole guide: {flag}" in html.content.decode()
    assert "editorial/admin/workflow.css" in html.content.decode()


def test_the_editors_notes_since_the_submission_are_shown_at_the_tips_they_were_made_on(
    client, people, updated_guide
):
    part_1 = Section.objects.get(guide=updated_guide, anchor="part-1")
    part_2 = Section.objects.get(guide=updated_guide, anchor="part-2")
    edit_in_review(client, people["editor"], part_1, "Tip 1.2", "Pause first.", "Softer start")
    edit_in_review(client, people["editor"], part_2, "Tip 2.1", "Breathe.", "Per Rita's call")

    html = as_user(client, people["reviewer"]).get(step_page(updated_guide, "review"))
    html = html.content.decode()

    assert "Softer start" in tip_in_diff(html, "Tip 1.2")
    assert "Per Rita&#x27;s call" in tip_in_diff(html, "Tip 2.1")
    assert "Softer start" not in tip_in_diff(html, "Tip 2.1")
    # Each once: not again on the section the same save wrote it on.
    assert html.count("Softer start") == 1
    assert html.count("Per Rita&#x27;s call") == 1
    # The tip edited before the submission carries no note; the reasons the admin
    # writes by itself are not notes.
    assert "Why this change?" not in tip_in_diff(html, "Tip 1.1")
    assert "Edited in the admin" not in html


def test_a_note_on_an_edit_since_put_back_is_still_shown_saying_where(
    client, people, updated_guide
):
    part_2 = Section.objects.get(guide=updated_guide, anchor="part-2")
    original = Tip.objects.get(section=part_2, lead="Tip 2.1").body
    edit_in_review(client, people["editor"], part_2, "Tip 2.1", "Breathe.", "Trying a shorter tip")
    edit_in_review(client, people["editor"], part_2, "Tip 2.1", original, "Put back as it was")

    html = as_user(client, people["reviewer"]).get(step_page(updated_guide, "review"))
    html = html.content.decode()

    top = html[html.index("Editors' notes since the submission") :]
    top = top[: top.index('<div class="diff-section')]
    assert "Trying a shorter tip" in top
    assert "Put back as it was" in top
    assert "Tip “Tip 2.1”: Why this change?" in top
    assert top.count("Trying a shorter tip") == 1


def test_notes_made_before_the_submission_are_not_shown(client, people):
    guide = build_state("published", people)
    part_1 = Section.objects.get(guide=guide, anchor="part-1")
    edit_in_review(client, people["editor"], part_1, "Tip 1.1", "Earlier.", "Before submitting")
    guide_submit(guide=guide, user=people["editor"], change_summary="Earlier edit.")

    html = as_user(client, people["reviewer"]).get(step_page(guide, "review")).content.decode()

    assert "Before submitting" not in html


def test_the_submit_page_shows_each_kind_of_change_with_its_description(client, people):
    guide = build_state("published", people)
    Tip.objects.filter(lead="Tip 1.1").update(body="Edited.")

    html = as_user(client, people["editor"]).get(step_page(guide, "submit")).content.decode()

    choice = html[html.index('<fieldset class="form-row workflow-choice">') :]
    choice = choice[: choice.index("</fieldset>")]
    assert "<legend>Kind of change</legend>" in choice
    for value, name, description in [
        ("clinical", "Clinical change", "A clinical reviewer signs it off."),
        ("correction", "Correction", "Case, punctuation, whitespace or spelling only"),
    ]:
        option = re.search(
            rf'<input type="radio" name="kind" value="{value}"[^>]*id="(id_kind_\d)"[^>]*>\s*'
            r'<label for="(id_kind_\d)"><strong>([^<]*)</strong>'
            r'<span class="described-choice-text">([^<]*)</span>',
            choice,
        )
        assert option, value
        assert option.group(1) == option.group(2)
        assert option.group(3) == name
        assert option.group(4).startswith(description)
    in_order(html, 'id="diff-end"', "Checks that need attention", "Kind of change")


SAFETY_PAGE = reverse("admin:editorial_safetyworkflow_changelist")


def test_the_safety_informations_review_shows_the_changes_and_notes_before_the_decision(
    client, people
):
    edit_the_crisis_line(user=people["editor"], phone="988 or text 988")
    safety_submit(user=people["editor"], change_summary="Veterans line.")
    line = edit_the_crisis_line(user=people["editor"], phone="988 (press 1 for veterans)")
    line._change_reason = "The line's own wording"
    line.save()

    html = as_user(client, people["reviewer"]).get(SAFETY_PAGE).content.decode()

    row = html[html.index(escape(f"Crisis resource: {line.name} ({line.region})")) :]
    row = row[: row.index("</tr>")]
    assert "The line&#x27;s own wording" in row
    in_order(
        html,
        'class="safety-diff"',
        'id="diff-end"',
        'id="workflow-step-form"',
        'value="approve"',
    )
    assert 'data-approve-after="diff-end"' in html
    assert "editorial/admin/review-decision.js" in html
    assert safety_status().open_review is not None
