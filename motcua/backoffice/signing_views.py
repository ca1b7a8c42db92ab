"""The leader signs results from the worklist (ký kết quả): one dossier or the ticked ones, with one PIN entry.
A wrong PIN or an unusable certificate signs nothing; a dossier that fails alone is named with the reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.access import official_required
from motcua.backoffice.desk_views import PAGE_SIZE, actor_of
from motcua.core.errors import DomainError
from motcua.dossiers import selectors
from motcua.dossiers.services.signing import results_sign


@official_required
@require_POST
def sign(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    codes = [c[:40] for c in request.POST.getlist("dossier")[:PAGE_SIZE]]
    single = request.POST.get("next") == "dossier" and len(codes) == 1
    back = (
        reverse("backoffice:desk_dossier", kwargs={"code": codes[0]})
        if single
        else reverse("backoffice:desk_worklist") + "?list=sign"
    )
    if not codes:
        messages.error(request, _("Tick the dossiers whose results you sign."))
        return redirect(back)
    pin = request.POST.get("pin", "")[:200]
    if not pin:
        messages.error(request, _("Enter the PIN of your signing key."))
        return redirect(back)
    found = selectors.dossier_queryset_for(actor=actor).filter(code__in=codes).values_list("pk", flat=True)
    try:
        outcomes = results_sign(actor=actor, dossier_ids=list(found), pin=pin)
    except DomainError as exc:
        messages.error(request, _("Nothing was signed: %(reason)s") % {"reason": exc.detail})
        return redirect(back)
    signed = [o for o in outcomes if o.entry is not None]
    if signed:
        labels = ", ".join(f"{o.code} ({o.entry.label})" for o in signed if o.entry is not None)
        messages.success(request, _("Signed and registered: %(list)s.") % {"list": labels})
    for o in outcomes:
        if o.entry is None:
            messages.error(request, f"{o.code or _('Unknown dossier')}: {o.problem}")
    if len(found) < len(set(codes)):
        messages.error(request, _("Some of the ticked dossiers were not found."))
    return redirect(back)
