from django.urls import path

from replication import views

app_name = "replication"
urlpatterns = [
    path("practice/<int:pk>/want/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
]
