from django.contrib import admin

from guidance.admin.base import HistoryAdmin
from guidance.models import Person, Topic


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
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
