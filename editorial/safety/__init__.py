"""Safety information as reviewable content: the medical disclaimer, the call to
action and the crisis resources, signed off and released as one unit.

The working copy is the guidance.SiteNotice and guidance.CrisisResource rows;
readers get the live SafetyRelease. The shape is a guide's: one canonical
form and its fingerprint (snapshot.py), where it stands (status.py), one
service per step (services.py), version-checked edits (editing.py), what a
reviewer reads (diff.py), and the regions readers ask for (regions.py).
"""
