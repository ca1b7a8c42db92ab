from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from motcua.accounts.models import ApiClient
from motcua.api.auth import ApiToken
from motcua.api.schemas import ClientOut, Problem

router = Router(tags=["clients"], auth=ApiToken())


@router.get("/me", response={200: ClientOut, 401: Problem}, summary="The calling client, its scopes and agencies")
def me(request: HttpRequest) -> ClientOut:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    return ClientOut(
        name=client.name, scopes=list(client.scopes), agencies=sorted(client.agencies.values_list("code", flat=True))
    )
