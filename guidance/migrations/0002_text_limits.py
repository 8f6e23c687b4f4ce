"""Maximum lengths for the Markdown and plain-text fields, enforced by model validation.

The columns stay ``text`` on every database: only the models' state changes
(the field class and its max_length), so no table is rebuilt (SQLite would
copy each of them for an AlterField).
"""

import guidance.models.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('guidance', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='crisisresource',
                    name='description',
                    field=guidance.models.fields.LimitedTextField(help_text='Markdown.', max_length=2000),
                ),
                migrations.AlterField(
                    model_name='guide',
                    name='summary',
                    field=guidance.models.fields.LimitedTextField(blank=True, max_length=1000),
                ),
                migrations.AlterField(
                    model_name='historicalcrisisresource',
                    name='description',
                    field=guidance.models.fields.LimitedTextField(help_text='Markdown.', max_length=2000),
                ),
                migrations.AlterField(
                    model_name='historicalguide',
                    name='summary',
                    field=guidance.models.fields.LimitedTextField(blank=True, max_length=1000),
                ),
                migrations.AlterField(
                    model_name='historicalperson',
                    name='bio',
                    field=guidance.models.fields.LimitedTextField(blank=True, help_text='Markdown.', max_length=5000),
                ),
                migrations.AlterField(
                    model_name='historicalsection',
                    name='body',
                    field=guidance.models.fields.LimitedTextField(blank=True, help_text='Introduction, in Markdown.', max_length=10000),
                ),
                migrations.AlterField(
                    model_name='historicalsitenotice',
                    name='body',
                    field=guidance.models.fields.LimitedTextField(help_text='Markdown.', max_length=5000),
                ),
                migrations.AlterField(
                    model_name='historicalsource',
                    name='citation',
                    field=guidance.models.fields.LimitedTextField(max_length=1000),
                ),
                migrations.AlterField(
                    model_name='historicaltip',
                    name='body',
                    field=guidance.models.fields.LimitedTextField(blank=True, help_text='Markdown.', max_length=4000),
                ),
                migrations.AlterField(
                    model_name='historicaltopic',
                    name='description',
                    field=guidance.models.fields.LimitedTextField(blank=True, max_length=1000),
                ),
                migrations.AlterField(
                    model_name='person',
                    name='bio',
                    field=guidance.models.fields.LimitedTextField(blank=True, help_text='Markdown.', max_length=5000),
                ),
                migrations.AlterField(
                    model_name='section',
                    name='body',
                    field=guidance.models.fields.LimitedTextField(blank=True, help_text='Introduction, in Markdown.', max_length=10000),
                ),
                migrations.AlterField(
                    model_name='sitenotice',
                    name='body',
                    field=guidance.models.fields.LimitedTextField(help_text='Markdown.', max_length=5000),
                ),
                migrations.AlterField(
                    model_name='source',
                    name='citation',
                    field=guidance.models.fields.LimitedTextField(max_length=1000),
                ),
                migrations.AlterField(
                    model_name='tip',
                    name='body',
                    field=guidance.models.fields.LimitedTextField(blank=True, help_text='Markdown.', max_length=4000),
                ),
                migrations.AlterField(
                    model_name='topic',
                    name='description',
                    field=guidance.models.fields.LimitedTextField(blank=True, max_length=1000),
                ),
            ],
        ),
    ]
