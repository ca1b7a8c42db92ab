"""Demo forms (demo designs, not facts): an applicant section prefilled from the account, and questions
per kind of procedure, with a conditional field ("if married, the spouse's ID number")."""

from __future__ import annotations

from typing import Any

from motcua.plugins.prefill import prefill_sources

ID12 = {"type": "string", "pattern": "^[0-9]{12}$"}


def _field(title: str, **schema: Any) -> dict[str, Any]:
    return {"title": title, **({"type": "string"} | schema)}


APPLICANT: dict[str, dict[str, Any]] = {
    "full_name": _field("Họ, chữ đệm và tên người yêu cầu", minLength=2, maxLength=150),
    "personal_id": _field("Số định danh cá nhân", **ID12),
    "phone": _field("Số điện thoại", pattern="^[0-9+ ]{8,15}$"),
    "email": _field("Thư điện tử", format="email"),
    "address": _field("Nơi cư trú", minLength=5, maxLength=250),
}
PREFILL = {
    "full_name": "account.full_name",
    "personal_id": "account.personal_id",
    "phone": "account.phone",
    "email": "account.email",
}
BIRTH = {
    "child_full_name": _field("Họ, chữ đệm và tên người được đăng ký khai sinh", minLength=2, maxLength=150),
    "child_birth_date": _field("Ngày, tháng, năm sinh", format="date"),
    "child_sex": _field("Giới tính", enum=["Nam", "Nữ"]),
    "birth_place": _field("Nơi sinh", minLength=2),
    "mother_full_name": _field("Họ, chữ đệm và tên người mẹ"),
    "father_full_name": _field("Họ, chữ đệm và tên người cha"),
    "relationship": _field(
        "Quan hệ với người được khai sinh", enum=["Cha", "Mẹ", "Ông", "Bà", "Người thân thích khác"]
    ),
}
MARRIAGE = {
    "spouse_full_name": _field("Họ, chữ đệm và tên bên kia", minLength=2),
    "spouse_personal_id": _field("Số định danh cá nhân bên kia", **ID12),
    "spouse_birth_date": _field("Ngày sinh bên kia", format="date"),
}
MARITAL = {
    "marital_status": _field(
        "Tình trạng hôn nhân", enum=["Chưa kết hôn", "Đang có vợ/chồng", "Đã ly hôn", "Vợ/chồng đã chết"]
    ),
    "spouse_personal_id": _field("Số định danh cá nhân của vợ/chồng", **ID12),
    "purpose": _field("Mục đích sử dụng", minLength=2),
}
DEATH = {
    "deceased_full_name": _field("Họ, chữ đệm và tên người đã chết", minLength=2),
    "deceased_personal_id": _field("Số định danh cá nhân người đã chết", **ID12),
    "date_of_death": _field("Ngày chết", format="date"),
    "place_of_death": _field("Nơi chết", minLength=2),
}
COPIES = {
    "document_name": _field("Tên giấy tờ cần chứng thực / cấp bản sao", minLength=2),
    "copies": {"title": "Số bản", "type": "integer", "minimum": 1, "maximum": 50},
}
BUSINESS = {
    "business_name": _field("Tên doanh nghiệp / hộ kinh doanh", minLength=2),
    "business_address": _field("Địa chỉ trụ sở / địa điểm kinh doanh", minLength=5),
    "capital_vnd": {"title": "Vốn (đồng)", "type": "integer", "minimum": 0},
}
REQUEST = {"request_content": _field("Nội dung yêu cầu", minLength=5, maxLength=2000)}
INSURANCE = {"insurance_place": _field("Nơi đăng ký khám chữa bệnh ban đầu cho trẻ", minLength=2)}


def _questions(
    code: str, field_name: str, name: str
) -> tuple[str, dict[str, dict[str, Any]], list[str], dict[str, Any]]:
    """(section title, properties, required, extra schema keywords) for a procedure."""
    lowered = name.lower()
    if code == "2.001023":
        return "Thông tin khai sinh và bảo hiểm y tế", BIRTH | INSURANCE, [*BIRTH, "insurance_place"], {}
    if "khai sinh" in lowered and "bản sao" not in lowered:
        return "Thông tin người được đăng ký khai sinh", BIRTH, list(BIRTH), {}
    if "kết hôn" in lowered:
        return "Thông tin bên kia", MARRIAGE, list(MARRIAGE), {}
    if "tình trạng hôn nhân" in lowered:
        conditional = {
            "if": {"properties": {"marital_status": {"const": "Đang có vợ/chồng"}}, "required": ["marital_status"]},
            "then": {"required": ["spouse_personal_id"]},
        }
        return "Tình trạng hôn nhân", MARITAL, ["marital_status", "purpose"], conditional
    if "khai tử" in lowered:
        return "Thông tin người đã chết", DEATH, ["deceased_full_name", "date_of_death", "place_of_death"], {}
    if field_name == "Chứng thực" or "bản sao" in lowered:
        return "Giấy tờ", COPIES, list(COPIES), {}
    if "doanh nghiệp" in field_name or "doanh nghiệp" in lowered or "hộ kinh doanh" in lowered:
        return "Thông tin doanh nghiệp", BUSINESS, ["business_name", "business_address"], {}
    return "Nội dung yêu cầu", REQUEST, list(REQUEST), {}


def demo_form(code: str, field_name: str, name: str) -> dict[str, Any]:
    title, questions, required, extra = _questions(code, field_name, name)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": APPLICANT | questions,
        "required": ["full_name", "personal_id", "address", *required],
        "additionalProperties": False,
        **extra,
    }
    hints: dict[str, Any] = {
        "personal_id": {"help": {"vi": "12 chữ số trên thẻ căn cước", "en": "The 12 digits on the identity card"}},
        "address": {"widget": "textarea"},
    }
    if "request_content" in questions:
        hints["request_content"] = {"widget": "textarea"}
    if "child_sex" in questions:
        hints["child_sex"] = {"widget": "radios"}
    for key, prop in questions.items():
        if prop.get("format") == "date":
            hints[key] = {"widget": "date"}
    prefill = dict(PREFILL)
    if "registry" in prefill_sources and "current_address" in prefill_sources.get("registry").fields:
        prefill["address"] = "registry.current_address"  # the population register, when it is installed
    return {
        "json_schema": schema,
        "sections": [
            {"title": {"vi": "Người yêu cầu", "en": "Applicant"}, "fields": list(APPLICANT)},
            {"title": {"vi": title, "en": ""}, "fields": list(questions)},
        ],
        "hints": hints,
        "prefill": prefill,
    }
