from django.urls import path

from motcua.accounts import national_views, signup_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("national/", national_views.national_login, name="national_login"),
    path("national/callback/", national_views.national_callback, name="national_callback"),
    path("signup/", signup_views.signup, name="signup"),
    path("signup/confirm/", signup_views.signup_confirm, name="signup_confirm"),
    path("code/resend/", signup_views.resend, name="code_resend"),
    path("password-reset/", signup_views.password_reset, name="password_reset"),
    path("password-reset/confirm/", signup_views.password_reset_confirm_view, name="password_reset_confirm"),
    path("profile/", signup_views.profile, name="profile"),
]
