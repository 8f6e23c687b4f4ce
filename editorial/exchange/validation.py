"""What an import document must look like, checked before anything is written.

A malformed document is refused with its first problem and where it is in
the document: ``guides[0].sections[2].tips[1].lead: This field may not be blank.``
"""

from collections.abc import Mapping

from rest_framework import serializers

from editorial.exchange.document import FORMAT, VERSION
from guidance.models import ContributorRole, Guide, ListStyle, Person, Section, Tip, Topic


class ImportProblem(Exception):
    """What is wrong with the document, and where: ``path: message``."""

    def __init__(self, path, message):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class Text(serializers.CharField):
    """A JSON string, never a number or a boolean turned into one (the import's and the
    editorial API's inputs)."""

    default_error_messages = {"invalid": "Give text (a JSON string)."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictInput(serializers.Serializer):
    """Refuses keys it does not know, naming them: a misspelt key must not be dropped."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            extra = sorted(set(data) - set(self.fields))
            if extra:
                known = ", ".join(self.fields)
                raise serializers.ValidationError(
                    {name: [f"Unknown key; expected {known}."] for name in extra}
                )
        return super().to_internal_value(data)


def _text(model, name, **options):
    field = model._meta.get_field(name)
    if field.blank:
        options.setdefault("required", False)
        options.setdefault("default", "")
        options.setdefault("allow_blank", True)
    return Text(max_length=field.max_length, trim_whitespace=False, **options)


def _slug(model, name="slug"):
    return serializers.SlugField(max_length=model._meta.get_field(name).max_length)


def _slugs():
    return serializers.ListField(child=serializers.SlugField(), required=False, default=list)


class TipShape(StrictInput):
    id = serializers.UUIDField(required=False, allow_null=True, default=None)
    lead = _text(Tip, "lead")
    body = _text(Tip, "body")
    topics = _slugs()


class SubsectionShape(StrictInput):
    anchor = _slug(Section, "anchor")
    heading = _text(Section, "heading")
    body = _text(Section, "body")
    list_style = serializers.ChoiceField(
        choices=ListStyle.values, required=False, default=ListStyle.BULLETED
    )
    tips = TipShape(many=True, required=False, default=list)
    subsections = serializers.ListField(
        max_length=0,
        required=False,
        default=list,
        error_messages={"max_length": "Subsections go one level deep: a subsection has none."},
    )


class SectionShape(SubsectionShape):
    subsections = SubsectionShape(many=True, required=False, default=list)


class ContributorShape(StrictInput):
    person = serializers.SlugField()
    role = serializers.ChoiceField(choices=ContributorRole.values)


class SourceShape(StrictInput):
    citation = Text(trim_whitespace=False)
    url = serializers.URLField(required=False, allow_blank=True, default="", max_length=500)
    published_on = serializers.DateField(required=False, allow_null=True, default=None)


class GuideShape(StrictInput):
    slug = _slug(Guide)
    title = _text(Guide, "title")
    summary = _text(Guide, "summary")
    topics = _slugs()
    sections = SectionShape(many=True, required=False, default=list)
    contributors = ContributorShape(many=True, required=False, default=list)
    sources = SourceShape(many=True, required=False, default=list)


class TopicShape(StrictInput):
    slug = _slug(Topic)
    name = _text(Topic, "name")
    description = _text(Topic, "description")


class PersonShape(StrictInput):
    slug = _slug(Person)
    name = _text(Person, "name")
    credentials = _text(Person, "credentials")
    job_title = _text(Person, "job_title")
    bio = _text(Person, "bio")
    photo_url = serializers.URLField(required=False, allow_blank=True, default="")
    specialties = _text(Person, "specialties")


class DocumentShape(StrictInput):
    format = serializers.ChoiceField(choices=[FORMAT])
    version = serializers.ChoiceField(choices=[VERSION])
    exported_at = serializers.CharField(required=False)
    topics = TopicShape(many=True, required=False, default=list)
    people = PersonShape(many=True, required=False, default=list)
    guides = GuideShape(many=True)


def checked(document):
    """The document's data once its shape is right; ImportProblem naming the first problem."""
    if not isinstance(document, dict):
        raise ImportProblem("", "The document must be a JSON object.")
    shape = DocumentShape(data=document)
    if not shape.is_valid():
        raise ImportProblem(*first_problem(shape.errors))
    return shape.validated_data


def first_problem(errors, path=""):
    """(path, message) of the first error in DRF's nested errors, in document order."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            # A list's own errors (not one item's) sit under "non_field_errors".
            if key == "non_field_errors":
                where = path
            elif isinstance(key, int):  # a list's items' errors, by index
                where = f"{path}[{key}]"
            else:
                where = f"{path}.{key}".lstrip(".")
            found = first_problem(value, where)
            if found:
                return found
        return None
    if isinstance(errors, list):
        if errors and all(isinstance(item, str) for item in errors):
            return path, str(errors[0])
        for index, value in enumerate(errors):
            found = first_problem(value, f"{path}[{index}]")
            if found:
                return found
        return None
    return path, str(errors)
