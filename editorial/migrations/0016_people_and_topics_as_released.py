"""People and topics as released: the public rows of profiles and topic details, and
what fingerprints taken before snapshots carried them stand for.

Existing releases get the profiles and topic details readers are shown
today (the rows as they are now), pinned in the audit chain beside their
other public rows; every fingerprint already taken (releases, sign-offs)
gets a LegacyPin recording the same, so nothing changes for readers and no
guide reads as edited.
"""

from types import SimpleNamespace

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q


def _snapshot_tools():
    from editorial.snapshot import _text
    from editorial.snapshot_people import PROFILE_FIELDS, people_part, topics_part

    return _text, PROFILE_FIELDS, people_part, topics_part


def _walk_tips(sections):
    for section in sections:
        yield from section.get("tips", [])
        yield from _walk_tips(section.get("subsections", []))


def fill(apps, schema_editor):
    from editorial.public_rows import record_profile_parts

    text, profile_fields, people_part, topics_part = _snapshot_tools()
    Person = apps.get_model("guidance", "Person")
    Topic = apps.get_model("guidance", "Topic")
    Contributor = apps.get_model("guidance", "Contributor")
    Release = apps.get_model("editorial", "Release")
    Review = apps.get_model("editorial", "Review")
    PublishedGuide = apps.get_model("editorial", "PublishedGuide")
    PublishedCredit = apps.get_model("editorial", "PublishedCredit")
    PublishedTopic = apps.get_model("editorial", "PublishedTopic")
    PublishedPerson = apps.get_model("editorial", "PublishedPerson")
    PublishedTopicDetail = apps.get_model("editorial", "PublishedTopicDetail")
    LegacyPin = apps.get_model("editorial", "LegacyPin")

    people = {person.slug: person for person in Person.objects.all()}
    people_by_id = {person.pk: person for person in people.values()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}

    def person_as_now(shown):
        return people.get(shown["slug"]) or SimpleNamespace(
            **{**dict.fromkeys(profile_fields, ""), **shown}
        )

    def topic_as_now(shown):
        return topics.get(shown["slug"]) or SimpleNamespace(description="", **shown)

    pins = {}
    for release in Release.objects.order_by("pk").iterator(chunk_size=200):
        snapshot = release.snapshot
        if release.fingerprint in pins or snapshot.get("format", 1) > 1:
            continue
        credited = [person_as_now(c["person"]) for c in snapshot.get("contributors", [])]
        used = [*snapshot.get("topics", [])]
        used += [topic for tip in _walk_tips(snapshot.get("sections", [])) for topic in tip["topics"]]
        pins[release.fingerprint] = (
            people_part(credited, text),
            topics_part([topic_as_now(topic) for topic in used], text),
        )
    # A sign-off not yet released pins the working copy: its people and topics as now.
    for review in Review.objects.order_by("pk").iterator(chunk_size=200):
        wanted = {review.fingerprint, review.submitted_fingerprint} - {"", None} - set(pins)
        if not wanted:
            continue
        credited = [
            c.person for c in Contributor.objects.filter(guide_id=review.guide_id).select_related("person")
        ]
        used = Topic.objects.filter(
            Q(guides=review.guide_id) | Q(tips__section__guide=review.guide_id)
        ).distinct()
        extras = (people_part(credited, text), topics_part(used, text))
        for fingerprint in wanted:
            pins[fingerprint] = extras
    LegacyPin.objects.bulk_create(
        LegacyPin(fingerprint=fingerprint, people=credited, topic_details=used)
        for fingerprint, (credited, used) in pins.items()
    )

    # What readers are shown today of each published release's people and topics.
    released = PublishedGuide.objects.order_by("release_id").values_list("release_id", flat=True)
    for release_id in released:
        credited = PublishedCredit.objects.filter(release_id=release_id, person__isnull=False)
        shown = people_part(
            [people_by_id[pk] for pk in set(credited.values_list("person_id", flat=True))], text
        )
        PublishedPerson.objects.bulk_create(
            PublishedPerson(
                release_id=release_id,
                person_id=people[profile["slug"]].pk,
                **{name: profile[name] for name in profile_fields},
            )
            for profile in shown
        )
        tagged = PublishedTopic.objects.filter(release_id=release_id).values("slug", "name")
        details = topics_part([topic_as_now(topic) for topic in tagged.distinct()], text)
        PublishedTopicDetail.objects.bulk_create(
            PublishedTopicDetail(release_id=release_id, **detail) for detail in details
        )
        record_profile_parts(release_id, apps)


class Migration(migrations.Migration):

    dependencies = [
        ('editorial', '0015_webhook_secrets_encrypted'),
        ('guidance', '0002_text_limits'),
    ]

    operations = [
        migrations.CreateModel(
            name='LegacyPin',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fingerprint', models.CharField(max_length=64, unique=True)),
                ('people', models.JSONField(default=list)),
                ('topic_details', models.JSONField(default=list)),
            ],
        ),
        migrations.CreateModel(
            name='PublishedPerson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(help_text='As released.', max_length=80)),
                ('name', models.TextField()),
                ('credentials', models.TextField(blank=True)),
                ('job_title', models.TextField(blank=True)),
                ('bio', models.TextField(blank=True, help_text='Markdown.')),
                ('photo_url', models.TextField(blank=True)),
                ('specialties', models.TextField(blank=True, help_text='Comma-separated.')),
                ('person', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='guidance.person')),
                ('release', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='editorial.release')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('release', 'slug'), name='published_person_once_per_release')],
            },
        ),
        migrations.CreateModel(
            name='PublishedTopicDetail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80)),
                ('name', models.TextField()),
                ('description', models.TextField(blank=True)),
                ('release', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='editorial.release')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('release', 'slug'), name='published_topic_detail_once_per_release')],
            },
        ),
        # Going back drops the tables; the chain's entries stay (they are never deleted),
        # and going forward again records the parts anew.
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
