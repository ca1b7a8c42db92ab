"""The leader signs results from the worklist: the e-result validates with pyHanko, its hash is the registered
one, it is numbered in the results register and lands in the citizen's wallet; a wrong PIN or an expired
certificate signs nothing. Corrections and revocations update the register and the public status; the
return sub-flow ends with the citizen's signature or a waybill."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone

from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import services as svc
from motcua.dossiers.constants import State
from motcua.dossiers.models import AuditEntry, Document, Dossier, ResultEntry, ResultReturn, ResultStatus, ReturnStage
from motcua.dossiers.services.signing import results_sign
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff
from motcua.dossiers.worklists import worklist_queryset
from motcua.signing import pki
from motcua.signing.demo_pki import DEMO_PASSPHRASE, DemoPki, DemoSigner, demo_pki_build
from motcua.signing.models import RegisteredResult
from motcua.signing.providers.pkcs12 import Pkcs12KeyProvider
from motcua.signing.selectors import pdf_verify

pytestmark = pytest.mark.django_db
#: A 16×16 white PNG, as the signature canvas sends it.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000100000001008020000009091683600000014494441547801"
    "63f84f2260186d4c2a61f86a0000afadfd1fbd3c47f10000000049454e44ae426082"
)

_PKIS: dict[tuple[str, str], DemoPki] = {}


@pytest.fixture
def signing_pki(staff: Staff, settings, tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    """A demo PKI with a key for the department's leader (built once per user name), trusted by the settings."""
    leader = staff.dept_leader
    key = (leader.get_username(), staff.dept.code)
    if key not in _PKIS:
        signer = DemoSigner(leader.get_username(), leader.full_name, staff.dept.code, staff.dept.name, "Giám đốc")
        _PKIS[key] = demo_pki_build(tmp_path_factory.mktemp("desk-pki"), [signer])
    demo = _PKIS[key]
    settings.SIGNING_PKI_DIR = demo.directory
    settings.SIGNING_TRUST_ROOTS = [str(demo.root_pem)]
    settings.SIGNING_CRL_FILES = [str(p) for p in sorted((demo.directory / "crl").glob("*.crl"))]
    settings.SIGNING_TSA_URL = ""
    settings.SIGNING_KEY_PROVIDER = "pkcs12"
    return demo


def at_signing(staff: Staff, *, online: bool) -> Dossier:
    """A dossier waiting at the department leader's sign step."""
    d = svc.dossier_submit(
        actor=staff.actor("citizen" if online else "officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="online" if online else "in_person",
        submitter=PERSON,
        components=FORM,
        receive=not online,
    )
    if online:
        svc.dossier_receive(actor=staff.actor("officer"), dossier_id=d.pk)
    svc.dossier_move(actor=staff.actor("specialist"), dossier_id=d.pk, action_id="forward")
    return svc.dossier_move(actor=staff.actor("dept_specialist"), dossier_id=d.pk, action_id="submit")


def test_a_batch_is_signed_registered_numbered_and_stored(staff: Staff, signing_pki: DemoPki) -> None:
    online, walk_in = at_signing(staff, online=True), at_signing(staff, online=False)
    leader = staff.actor("dept_leader")
    assert set(worklist_queryset(actor=leader, worklist="sign")) == {online, walk_in}
    outcomes = results_sign(actor=leader, dossier_ids=[online.pk, walk_in.pk], pin=DEMO_PASSPHRASE)
    assert [o.problem for o in outcomes] == ["", ""]
    entries = [o.entry for o in outcomes]
    assert all(e is not None for e in entries)
    year = timezone.localdate().year
    assert sorted(e.number for e in entries if e) == [1, 2] and {e.year for e in entries if e} == {year}
    for entry in entries:
        assert entry is not None and entry.pdf is not None
        pdf = bytes(entry.pdf)
        report = pdf_verify(pdf)
        assert len(report.signatures) == 1 and report.all_valid, report
        assert report.signatures[0].signer == staff.dept_leader.full_name
        registered = RegisteredResult.objects.get(reference=entry.reference)
        assert registered.sha256 == hashlib.sha256(pdf).hexdigest() == entry.sha256
        assert registered.dossier_code == entry.dossier.code
        assert f"{entry.number}/{year}/" in entry.label
    online.refresh_from_db()
    walk_in.refresh_from_db()
    assert online.state == walk_in.state == State.RESULT_READY
    wallet = Document.objects.in_wallet_of(staff.citizen.pk).get()
    online_entry = ResultEntry.objects.get(dossier=online)
    assert wallet.kind == "result" and wallet.sha256 == online_entry.sha256 and online_entry.document == wallet
    assert ResultEntry.objects.get(dossier=walk_in).document is None  # kept with the dossier only
    last = AuditEntry.objects.filter(dossier=online).order_by("-seq").first()
    assert last is not None and last.data["result"] == online_entry.label
    assert not worklist_queryset(actor=leader, worklist="sign").exists()


def test_a_wrong_pin_signs_nothing(staff: Staff, signing_pki: DemoPki) -> None:
    d = at_signing(staff, online=False)
    with pytest.raises(DomainError) as wrong:
        results_sign(actor=staff.actor("dept_leader"), dossier_ids=[d.pk], pin="not the pin")
    assert wrong.value.code == "wrong_pin"
    assert not ResultEntry.objects.exists() and not RegisteredResult.objects.exists()
    d.refresh_from_db()
    assert d.state == State.IN_PROCESS and d.step == "sign"


def test_an_expired_certificate_signs_nothing(staff: Staff, signing_pki: DemoPki, tmp_path: Path) -> None:
    d = at_signing(staff, online=False)
    ca_dir = signing_pki.agency_dir(staff.dept.code)
    ca = pki.load_issued(ca_dir / "ca.pem", ca_dir / "ca.key.pem")
    start = dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=400)
    issued = pki.signer_issue(ca, staff.dept_leader.full_name, organization=staff.dept.name, not_before=start, days=399)
    path = tmp_path / "expired.p12"
    pki.write_private(path, pki.pkcs12_bytes(issued, (ca.cert,), DEMO_PASSPHRASE, "expired"))
    with pytest.raises(DomainError) as expired:
        results_sign(
            actor=staff.actor("dept_leader"),
            dossier_ids=[d.pk],
            pin=DEMO_PASSPHRASE,
            key=Pkcs12KeyProvider(path=str(path)),
        )
    assert expired.value.code == "certificate_expired"
    assert not ResultEntry.objects.exists()
    d.refresh_from_db()
    assert d.step == "sign"


def test_only_dossiers_waiting_for_the_leader_are_signed(staff: Staff, signing_pki: DemoPki) -> None:
    ready, early = (
        at_signing(staff, online=False),
        svc.dossier_submit(
            actor=staff.actor("officer"),
            agency_id=staff.desk.pk,
            procedure_code=CODE,
            channel="in_person",
            submitter=PERSON,
            components=FORM,
            receive=True,
        ),
    )
    outcomes = results_sign(actor=staff.actor("dept_leader"), dossier_ids=[early.pk, ready.pk], pin=DEMO_PASSPHRASE)
    assert outcomes[0].entry is None and outcomes[0].problem
    assert outcomes[1].entry is not None
    assert list(ResultEntry.objects.values_list("dossier_id", flat=True)) == [ready.pk]


def _signed(staff: Staff) -> tuple[Dossier, ResultEntry]:
    d = at_signing(staff, online=True)
    [outcome] = results_sign(actor=staff.actor("dept_leader"), dossier_ids=[d.pk], pin=DEMO_PASSPHRASE)
    assert outcome.entry is not None
    return d, outcome.entry


def test_correction_replaces_and_revocation_is_public(staff: Staff, signing_pki: DemoPki) -> None:
    d, entry = _signed(staff)
    with pytest.raises(DomainError):
        svc.result_correct(actor=staff.actor("dept_specialist"), entry_id=entry.pk, reason="Sai tên")
    with pytest.raises(NotFound):
        svc.result_revoke(actor=staff.actor("stranger"), entry_id=entry.pk, reason="Sai")
    with pytest.raises(DomainError):
        svc.result_correct(actor=staff.actor("dept_leader"), entry_id=entry.pk, reason=" ")
    new = svc.result_correct(
        actor=staff.actor("dept_leader"),
        entry_id=entry.pk,
        reason="Sai tên người nhận",
        name="Giấy xác nhận (đính chính)",
    )
    entry.refresh_from_db()
    assert entry.status == ResultStatus.CORRECTED and new.replaces == entry and new.number == entry.number + 1
    assert RegisteredResult.objects.get(reference=entry.reference).public_status.startswith("Đã được thay thế")
    with pytest.raises(DomainError):  # a replaced result is no longer valid: neither corrected nor revoked again
        svc.result_revoke(actor=staff.actor("dept_leader"), entry_id=entry.pk, reason="Thu hồi")
    d2, signed = _signed(staff)
    svc.result_revoke(actor=staff.actor("dept_leader"), entry_id=signed.pk, reason="Cấp sai thẩm quyền")
    signed.refresh_from_db()
    assert signed.status == ResultStatus.REVOKED
    assert "Cấp sai thẩm quyền" in RegisteredResult.objects.get(reference=signed.reference).public_status
    verbs = list(AuditEntry.objects.filter(dossier__in=[d, d2]).values_list("verb", flat=True))
    assert "result_corrected" in verbs and "result_revoked" in verbs


def test_return_by_post_records_the_waybill_and_the_public_status(staff: Staff, signing_pki: DemoPki) -> None:
    d, entry = _signed(staff)
    with pytest.raises(DomainError):  # the desk has not confirmed it has the result
        svc.result_post(actor=staff.actor("officer"), dossier_id=d.pk, address="Số 1 Tràng Tiền, Hoàn Kiếm")
    with pytest.raises(DomainError):  # the commune did not issue it
        svc.result_hand_to_desk(actor=staff.actor("specialist"), dossier_id=d.pk)
    svc.result_hand_to_desk(actor=staff.actor("dept_leader"), dossier_id=d.pk)
    svc.result_desk_confirm(actor=staff.actor("officer"), dossier_id=d.pk)
    with pytest.raises(DomainError):
        svc.result_post(actor=staff.actor("officer"), dossier_id=d.pk, address="HN")
    returned = svc.result_post(actor=staff.actor("officer"), dossier_id=d.pk, address="Số 1 Tràng Tiền, Hoàn Kiếm")
    assert returned.state == State.DELIVERED
    back = ResultReturn.objects.get(dossier=d)
    assert back.stage == ReturnStage.POSTED and back.waybill.startswith("LOG-") and back.postal_service == "log"
    assert RegisteredResult.objects.get(reference=entry.reference).public_status.startswith("Có hiệu lực — đã trả")


@pytest.mark.parametrize(
    "png",
    [b"", b"GIF89a not a png", PNG[:-12], PNG[:16] + (5000).to_bytes(4, "big") + PNG[20:]],
)
def test_collection_needs_a_real_signature_image(staff: Staff, png: bytes) -> None:
    d = at_signing(staff, online=False)
    svc.dossier_approve(actor=staff.actor("dept_leader"), dossier_id=d.pk)
    svc.result_desk_confirm(actor=staff.actor("officer"), dossier_id=d.pk)
    collect: Callable[..., Dossier] = svc.result_collect
    with pytest.raises(DomainError) as refused:
        collect(actor=staff.actor("officer"), dossier_id=d.pk, collector_name=PERSON.name, signature_png=png)
    assert refused.value.code == "invalid_dossier"
    done = collect(actor=staff.actor("officer"), dossier_id=d.pk, collector_name=PERSON.name, signature_png=PNG)
    assert done.state == State.DELIVERED
    assert bytes(ResultReturn.objects.get(dossier=d).signature_png or b"") == PNG
