"""The admin pages of people and topics.

A save takes the edit lock and keeps untouched rows as they are
(editorial.admin.versions). Only those who may grant sign-off rights
(editorial.policy) change a person's credential and reviewer flag. Readers
see people and topics as released: an edit reaches them with a release.
"""

from django.contrib import admin

from editorial.admin.versions import VersionedAdminMixin
from editorial.people import person_save, topic_save
from editorial.policy import SIGN_OFF_FIELDS, keep_sign_off_fields, may_grant_sign_off
from guidance.admin.base import HistoryAdmin
from guidance.models import Person, Topic


@admin.register(Topic)
class TopicAdmin(VersionedAdminMixin, HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        if self.writes_object(form, change):
            reason = self.history_change_reason(request, form)
            topic_save(topic=obj, user=request.user, reason=reason)


@admin.register(Person)
class PersonAdmin(VersionedAdminMixin, HistoryAdmin):
    list_display = ["name", "credentials", "job_title", "is_clinical_reviewer", "user"]
    list_filter = ["is_clinical_reviewer", "clinical_credential"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "credentials", "job_title", "specialties"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "credentials", "job_title", "bio", "photo_url"]}),
        ("Expertise", {"fields": ["specialties", "clinical_credential", "is_clinical_reviewer"]}),
        ("Account", {"fields": ["user"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not may_grant_sign_off(request.user):
            readonly += [name for name in SIGN_OFF_FIELDS if name not in readonly]
        return readonly

    def save_model(self, request, obj, form, change):
        if not self.writes_object(form, change):
            return
        # Read-only fields are kept out of the form, but restoring an old
        # version starts from the old row: keep what the database says now.
        keep_sign_off_fields(request.user, obj)
        person_save(
            person=obj, user=request.user, reason=self.history_change_reason(request, form)
        )
