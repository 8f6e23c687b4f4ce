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
    # Who may sign off clinical content is not an editor's call.
    sign_off_fields = ["clinical_credential", "is_clinical_reviewer", "user"]

    def may_grant_sign_off(self, request):
        return request.user.has_perm("guidance.manage_clinical_reviewers")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.may_grant_sign_off(request):
            readonly += self.sign_off_fields
        return readonly

    def save_model(self, request, obj, form, change):
        if not self.may_grant_sign_off(request):
            # Read-only fields are kept out of the form, but restoring an old
            # version starts from the old row: keep what the database says now.
            current = Person.objects.filter(pk=obj.pk).first() or Person()
            for name in self.sign_off_fields:
                attname = Person._meta.get_field(name).attname
                setattr(obj, attname, getattr(current, attname))
        super().save_model(request, obj, form, change)
