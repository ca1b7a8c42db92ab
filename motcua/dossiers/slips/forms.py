"""Which form each slip is in each template set, and the fonts and QR code every slip carries."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.conf import settings

from motcua.dossiers.constants import Verb


@dataclass(frozen=True)
class Form:
    kind: str
    title: str
    numbers: dict[str, str]  # template set → form number ("" when the set has no such form)
    events: tuple[str, ...]  # audit verbs the slip documents (empty: the latest entry)
    suffix: str


FORMS: dict[str, Form] = {
    f.kind: f
    for f in (
        Form("receipt", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", {"2025": "01", "2018": "01"}, (Verb.RECEIVE,), "TN"),
        Form(
            "supplement",
            "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
            {"2025": "02", "2018": "02"},
            (Verb.REQUEST_SUPPLEMENT, Verb.ASK_TO_COMPLETE),
            "HDHS",
        ),
        Form("refusal", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", {"2025": "03", "2018": "03"}, (Verb.REFUSE,), "TC"),
        Form(
            "apology",
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
            {"2025": "04", "2018": "04"},
            (Verb.APOLOGISE,),
            "PXL",
        ),
        Form(
            "stop",
            "Thông báo dừng giải quyết hồ sơ",
            {"2025": "05", "2018": ""},
            (Verb.STOP, Verb.SUPPLEMENT_LAPSED),
            "TB",
        ),
        Form("control", "Phiếu kiểm soát quá trình giải quyết hồ sơ", {"2025": "06", "2018": "05"}, (), "KS"),
    )
}
REGISTER_NUMBERS = {"2025": "07", "2018": "06"}
CIRCULARS = {"2025": "Thông tư số 03/2025/TT-VPCP", "2018": "Thông tư số 01/2018/TT-VPCP"}
TITLES_2018 = {"apology": "Phiếu xin lỗi và hẹn lại ngày trả kết quả"}


def template_set() -> str:
    chosen = str(settings.DOSSIERS_SLIP_TEMPLATES)
    return chosen if chosen in CIRCULARS else "2025"


def form_label(number: str, chosen: str) -> str:
    return f"Mẫu số {number} – {CIRCULARS[chosen]}" if number else CIRCULARS[chosen]


def fonts() -> dict[str, str]:
    """Be Vietnam Pro from node_modules (named explicitly: generic families change with installed fonts)."""
    base = settings.BASE_DIR / "node_modules" / "@expo-google-fonts" / "be-vietnam-pro"
    return {
        "font_regular": (base / "400Regular" / "BeVietnamPro_400Regular.ttf").as_uri(),
        "font_bold": (base / "700Bold" / "BeVietnamPro_700Bold.ttf").as_uri(),
    }


def tracking_url(code: str) -> str:
    return f"{settings.DOSSIERS_TRACKING_URL}{code}"


def qr_data_uri(code: str) -> str:
    return str(segno.make(tracking_url(code), error="m").svg_data_uri(scale=4))
