from django.urls import path

from cercle.cockpit.views import help_page, member, pages, today

app_name = "cockpit"
urlpatterns = [
    path("c/<slug:slug>/today/", today.today, name="today"),
    path("c/<slug:slug>/today/thank/", today.thank, name="thank"),
    path("c/<slug:slug>/today/introduce/", today.introduce, name="introduce"),
    path("c/<slug:slug>/today/ask/", today.ask, name="ask"),
    path("c/<slug:slug>/today/write/", today.write, name="write"),
    path("c/<slug:slug>/today/set-aside/", today.set_aside, name="set_aside"),
    path("c/<slug:slug>/cockpit/", pages.overview, name="overview"),
    path("c/<slug:slug>/cockpit/life-cycle/", pages.lifecycle, name="lifecycle"),
    path("c/<slug:slug>/cockpit/engagement/", pages.engagement, name="engagement"),
    path("c/<slug:slug>/cockpit/trends/", pages.trends, name="trends"),
    path("c/<slug:slug>/cockpit/report/", pages.month_report, name="report"),
    path("c/<slug:slug>/cockpit/export.csv", pages.export_csv, name="csv"),
    path("c/<slug:slug>/me/participation/", member.participation, name="participation"),
    path("cockpit/help/", help_page.help_page, name="help"),
]
