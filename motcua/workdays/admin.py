from django.contrib import admin

from motcua.workdays.models import CalendarException, WorkingSchedule


@admin.register(WorkingSchedule)
class WorkingScheduleAdmin(admin.ModelAdmin[WorkingSchedule]):
    list_display = [
        "valid_from",
        "agency",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
        "weekend_days",
    ]
    list_filter = ["agency"]
    raw_id_fields = ["agency"]


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin[CalendarException]):
    list_display = ["date_from", "date_to", "kind", "name", "notice", "agency"]
    list_filter = ["kind"]
    search_fields = ["name", "notice"]
    raw_id_fields = ["agency"]
    date_hierarchy = "date_from"
