from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView

from api.schema import SchemaView
from api.tokens import ObtainToken

urlpatterns = [
    path("v1/", include("api.public.urls")),
    path("v1/editorial/", include("api.editorial.urls")),
    path("v1/auth/token/", ObtainToken.as_view(), name="api-token"),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
