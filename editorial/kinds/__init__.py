"""The reviewable kinds: the guide and the safety information.

Each module declares one kind (editorial.workflow.kind.ReviewableKind) and
registers it; the one workflow (editorial.workflow.services) serves them all.
"""
