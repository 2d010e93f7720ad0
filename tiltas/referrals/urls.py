from django.urls import path

from tiltas.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_create, name="create"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/accept/", views.referral_accept, name="accept"),
    path("<int:pk>/waitlist/", views.referral_waitlist, name="waitlist"),
    path("<int:pk>/decline/", views.referral_decline, name="decline"),
]
