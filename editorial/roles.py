"""The groups that carry editorial rights, created by migration 0001."""

EDITORS = "Editors"
CLINICAL_REVIEWERS = "Clinical reviewers"
PUBLISHERS = "Publishers"

ALL_GROUPS = [EDITORS, CLINICAL_REVIEWERS, PUBLISHERS]
