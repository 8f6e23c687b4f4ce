"""Why a workflow step was refused. Each error keeps a message a person can act on.

The HTTP layer maps them once (``status_code``); the admin shows the message.
A refused step has changed nothing.
"""


class WorkflowError(Exception):
    status_code = 400

    def __init__(self, message, *, details=None):
        super().__init__(message)
        self.message = message
        # What a client can act on beside the message, e.g. {"open_findings": [...]}.
        self.details = details or {}


class InvalidInput(WorkflowError):
    """The request itself is wrong: a missing summary, a go-live time in the past."""

    status_code = 400


class NotAllowed(WorkflowError):
    """This user may not take this step: a missing right, or separation of duties."""

    status_code = 403


class WrongState(WorkflowError):
    """The guide is not in a state where this step makes sense, or changed meanwhile."""

    status_code = 409


class VersionMismatch(WorkflowError):
    """The working copy changed since the version the edit was made on."""

    status_code = 412


class VersionRequired(WorkflowError):
    """An edit that does not say which version of the working copy it was made on."""

    status_code = 428


class Conflict(WorkflowError):
    """The change collides with another row: a position, an anchor or a slug already taken."""

    status_code = 409
