from django.urls import path

from api.editorial import events, safety, steps, structure, views, webhooks

app_name = "editorial"

urlpatterns = [
    path("guides/", views.GuideList.as_view(), name="guide-list"),
    path("guides/<slug:slug>/", views.GuideDetail.as_view(), name="guide-detail"),
    path("guides/<slug:slug>/diff/", views.GuideDiff.as_view(), name="guide-diff"),
    path("guides/<slug:slug>/checks/", views.GuideChecks.as_view(), name="guide-checks"),
    path("guides/<slug:slug>/preview/", views.GuidePreview.as_view(), name="guide-preview"),
    path("guides/<slug:slug>/sections/", structure.SectionCreate.as_view(), name="section-list"),
    path(
        "guides/<slug:slug>/contributors/",
        structure.ContributorCreate.as_view(),
        name="contributor-list",
    ),
    path("guides/<slug:slug>/sources/", structure.SourceCreate.as_view(), name="source-list"),
    path("guides/<slug:slug>/submit/", steps.Submit.as_view(), name="guide-submit"),
    path("guides/<slug:slug>/approve/", steps.Approve.as_view(), name="guide-approve"),
    path(
        "guides/<slug:slug>/request-changes/",
        steps.RequestChanges.as_view(),
        name="guide-request-changes",
    ),
    path("guides/<slug:slug>/publish/", steps.Publish.as_view(), name="guide-publish"),
    path("guides/<slug:slug>/withdraw/", steps.Withdraw.as_view(), name="guide-withdraw"),
    path("sections/<int:section_id>/", views.SectionDetail.as_view(), name="section-detail"),
    path("tips/<uuid:public_id>/", views.TipDetail.as_view(), name="tip-detail"),
    path("safety-information/", safety.SafetyInformation.as_view(), name="safety-information"),
    path(
        "safety-information/notices/<slug:kind>/",
        safety.NoticeDetail.as_view(),
        name="safety-notice-detail",
    ),
    path(
        "safety-information/crisis-resources/<int:resource_id>/",
        safety.CrisisResourceDetail.as_view(),
        name="safety-crisis-resource-detail",
    ),
    path("safety-information/submit/", safety.Submit.as_view(), name="safety-submit"),
    path("safety-information/approve/", safety.Approve.as_view(), name="safety-approve"),
    path(
        "safety-information/request-changes/",
        safety.RequestChanges.as_view(),
        name="safety-request-changes",
    ),
    path("safety-information/publish/", safety.Publish.as_view(), name="safety-publish"),
    path("events/", events.EventList.as_view(), name="event-list"),
    path("sections/<int:section_id>/tips/", structure.TipCreate.as_view(), name="tip-list"),
    path(
        "contributors/<int:row_id>/",
        structure.ContributorDetail.as_view(),
        name="contributor-detail",
    ),
    path("sources/<int:row_id>/", structure.SourceDetail.as_view(), name="source-detail"),
    path("webhooks/", webhooks.WebhookList.as_view(), name="webhook-list"),
    path("webhooks/<int:webhook_id>/", webhooks.WebhookDetail.as_view(), name="webhook-detail"),
    path(
        "webhooks/<int:webhook_id>/rotate-secret/",
        webhooks.RotateSecret.as_view(),
        name="webhook-rotate-secret",
    ),
]
