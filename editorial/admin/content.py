"""The content pages of the admin, with the edit rules that belong to editorial.

guidance.admin lays out the pages; this module registers them again with
the version check on every save (editorial.admin.versions), the warning and
the required reason while a guide is in review (editorial.admin.in_review),
and, for people, the rule on who may grant sign-off rights (editorial.policy).
"""

from django.contrib import admin

from editorial.admin.in_review import InReviewMixin
from editorial.admin.versions import VersionedAdminMixin
from editorial.people import person_save
from editorial.policy import SIGN_OFF_FIELDS, keep_sign_off_fields, may_grant_sign_off
from guidance.admin.guides import ContributorAdmin, SectionAdmin, SourceAdmin, TipAdmin
from guidance.admin.notices import CrisisResourceAdmin, SiteNoticeAdmin
from guidance.admin.people import PersonAdmin, TopicAdmin
from guidance.models import (
    Contributor,
    CrisisResource,
    Person,
    Section,
    SiteNotice,
    Source,
    Tip,
    Topic,
)


def reregister(model):
    def register(admin_class):
        admin.site.unregister(model)
        admin.site.register(model, admin_class)
        return admin_class

    return register


@reregister(Section)
class VersionedSectionAdmin(InReviewMixin, VersionedAdminMixin, SectionAdmin):
    show_presence = True
    change_form_template = "admin/editorial/section/change_form.html"


@reregister(Tip)
class VersionedTipAdmin(InReviewMixin, VersionedAdminMixin, TipAdmin):
    change_form_template = "admin/editorial/tip/change_form.html"


@reregister(Contributor)
class VersionedContributorAdmin(InReviewMixin, VersionedAdminMixin, ContributorAdmin):
    @staticmethod
    def guide_id_of(contributor):
        return contributor.guide_id


@reregister(Source)
class VersionedSourceAdmin(InReviewMixin, VersionedAdminMixin, SourceAdmin):
    @staticmethod
    def guide_id_of(source):
        return source.guide_id


@reregister(Topic)
class VersionedTopicAdmin(VersionedAdminMixin, TopicAdmin):
    pass


@reregister(SiteNotice)
class VersionedSiteNoticeAdmin(VersionedAdminMixin, SiteNoticeAdmin):
    pass


@reregister(CrisisResource)
class VersionedCrisisResourceAdmin(VersionedAdminMixin, CrisisResourceAdmin):
    pass


@reregister(Person)
class VersionedPersonAdmin(VersionedAdminMixin, PersonAdmin):
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
