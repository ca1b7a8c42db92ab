"""Demo processes (demo designs, not facts): reception at the one-stop desk, handling by the competent
agency, the leader's signature and the return of the result, with time budgets that fit the statutory
time. Procedures of two levels (commune and city) go from the commune to the city department."""

from __future__ import annotations

import math
from typing import Any

from motcua.catalog.constants import Channel
from motcua.catalog.definition import ProcedureDefinition

#: Share of the statutory time of each working step: reception, handling, signature, return.
SHARES = (0.1, 0.5, 0.25, 0.15)
DEFAULT_HOURS = 40.0  # when no statutory time is known (our design only; nothing to check it against)


def _hours(total: float, share: float) -> float:
    return math.floor(total * share * 4) / 4


def _step(
    sid: str, name: str, agency: dict[str, Any], role: str | None, hours: float, status: int, **extra: Any
) -> dict[str, Any]:
    return {
        "id": sid,
        "name": name,
        "agency": agency,
        "role": role,
        "budget": {"amount": hours, "unit": "hours"},
        "status": status,
        **extra,
    }


def _online_budgets(steps: list[dict[str, Any]], total: float, online_total: float) -> None:
    """Scale every budget down for the online channel when its statutory time is shorter."""
    for step in steps:
        hours = step["budget"]["amount"]
        if hours:
            step["budget_online"] = {"amount": math.floor(hours * online_total / total * 4) / 4, "unit": "hours"}


def _action(
    aid: str, kind: str, source: str, target: str, actors: list[str], produces: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "id": aid,
        "kind": kind,
        "source": source,
        "target": target,
        "actors": actors,
        "produces": produces or [],
        **extra,
    }


def demo_process(definition: ProcedureDefinition) -> dict[str, Any]:
    channels = definition.channels or [Channel.IN_PERSON]
    counter = [h for c in channels if c != Channel.ONLINE and (h := definition.statutory_hours(c)) is not None]
    online = definition.statutory_hours(Channel.ONLINE) if Channel.ONLINE in channels else None
    total = min(counter) if counter else (online if online is not None else DEFAULT_HOURS)
    online_total = online if online is not None and online < total else None
    agencies = [a.model_dump(mode="json") for a in definition.agencies]
    first = agencies[0]
    police = first["kind"] == "other"
    local = first["level"] if first["level"] in ("commune", "district") else None
    desk = (
        {"kind": "one_stop_desk", "level": local, "name": ""}
        if local
        else {"kind": "service_centre", "level": "province", "name": ""}
    )
    handler = first if not police or first["level"] != "ministry" else agencies[-1]
    upper = next((a for a in agencies if a["level"] == "province"), None) if local else None
    receive, handle, sign, deliver = (_hours(total, s) for s in SHARES)
    steps = [_step("receive", "Tiếp nhận hồ sơ", desk, "one_stop_officer", receive, 2, sub_status="Chờ tiếp nhận")]
    actions = [
        _action(
            "accept",
            "accept",
            "receive",
            "handle",
            ["one_stop_officer"],
            ["Giấy tiếp nhận hồ sơ và hẹn trả kết quả"],
            undoable=True,
        ),
        _action(
            "refuse", "refuse", "receive", "refused", ["one_stop_officer"], ["Phiếu từ chối tiếp nhận giải quyết hồ sơ"]
        ),
    ]
    if upper is not None and upper["kind"] == "department":
        # Two levels: the commune checks and forwards, the city department decides and signs.
        check = _hours(handle, 0.4)
        steps += [
            _step(
                "handle",
                "Kiểm tra, xác minh tại cấp xã",
                handler,
                "specialist",
                check,
                4,
                sub_status="Đang xử lý tại xã",
            ),
            _step(
                "appraise", "Thẩm định tại Sở", upper, "specialist", handle - check, 4, sub_status="Đang xử lý tại Sở"
            ),
            _step("sign", "Lãnh đạo Sở ký duyệt", upper, "leader", sign, 4, sub_status="Chờ ký duyệt"),
        ]
        actions += [
            _action(
                "forward",
                "transfer",
                "handle",
                "appraise",
                ["specialist"],
                ["Phiếu kiểm soát quá trình giải quyết hồ sơ"],
            ),
            _action("submit", "transfer", "appraise", "sign", ["specialist"]),
            _action("back_to_commune", "send_back", "appraise", "handle", ["specialist"]),
        ]
    else:
        steps += [
            _step("handle", "Thẩm định, giải quyết", handler, "specialist", handle, 4, sub_status="Đang xử lý"),
            _step("sign", "Lãnh đạo ký duyệt", handler, "leader", sign, 4, sub_status="Chờ ký duyệt"),
        ]
        actions.append(_action("submit", "transfer", "handle", "sign", ["specialist"]))
    steps += [
        _step("deliver", "Trả kết quả", desk, "one_stop_officer", deliver, 9, sub_status="Có kết quả"),
        _step("done", "Đã trả kết quả", desk, None, 0, 10, final=True),
        _step("refused", "Không tiếp nhận", desk, None, 0, 3, final=True),
    ]
    for step in steps:
        if step["id"] in ("handle", "appraise") and step["budget"]["amount"] >= 2:
            step["remind_after_hours"] = math.floor(step["budget"]["amount"] * 3) / 4  # remind at three quarters
    if online_total is not None:
        _online_budgets(steps, total, online_total)
    actions += [
        _action(
            "supplement",
            "request_supplement",
            "handle",
            "receive",
            ["specialist"],
            ["Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"],
        ),
        _action("send_back", "send_back", "sign", "handle" if upper is None else "appraise", ["leader"]),
        _action("approve", "sign", "sign", "deliver", ["leader"], ["Kết quả giải quyết"]),
        _action("return", "return_result", "deliver", "done", ["one_stop_officer"]),
    ]
    return {"start": "receive", "steps": steps, "actions": actions}
