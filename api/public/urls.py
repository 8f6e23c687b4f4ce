from django.urls import path

from api.public import safety, views

app_name = "public"

urlpatterns = [
    path("guides/", views.GuideList.as_view(), name="guide-list"),
    path("guides/<slug:slug>/", views.GuideDetail.as_view(), name="guide-detail"),
    path("tips/", views.TipList.as_view(), name="tip-list"),
    path("tips/daily/", views.DailyTip.as_view(), name="tip-daily"),
    path("tips/<uuid:public_id>/", views.TipDetail.as_view(), name="tip-detail"),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("people/<slug:slug>/", views.PersonProfile.as_view(), name="person-detail"),
    path("crisis-resources/", safety.CrisisResources.as_view(), name="crisis-resources"),
]
