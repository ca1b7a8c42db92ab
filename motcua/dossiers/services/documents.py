"""The document wallet — kho dữ liệu điện tử của cá nhân: storing, deleting and reading a citizen's documents.

A file is checked by its content before anything is written (:func:`motcua.dossiers.uploads.check_upload`).
The same file stored twice by the same owner, as the same kind, is one row (content hash). Files are read
only through :func:`document_for`, which answers "not found" to anyone who may not see them.
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.dossiers.actors import Actor
from motcua.dossiers.exceptions import NotAllowed
from motcua.dossiers.models import Document, DocumentKind, Dossier, DossierComponent
from motcua.dossiers.uploads import PDF, UploadRejected, check_upload


def _not_found() -> NotFound:
    return NotFound(_("No such document."))


def document_store(
    *,
    owner: User,
    content: bytes,
    name: str,
    kind: str = DocumentKind.UPLOAD,
    doc_type: str = "",
    source_agency_id: int | None = None,
    source_dossier_id: int | None = None,
) -> Document:
    """Checked by content (results and scans must be PDFs); same owner + kind + sha256 returns the existing row.

    An upload the citizen had deleted from the wallet comes back when they upload the same file again.
    """
    if kind not in DocumentKind.values:
        raise ValueError(kind)
    checked = check_upload(content, name)
    if kind != DocumentKind.UPLOAD and checked.content_type != PDF:
        raise UploadRejected(_("Results and scanned documents must be PDF files."), code="not_pdf")
    display_name = name.strip().replace("\\", "/").rsplit("/", 1)[-1][:300] or f"document{checked.extension}"
    with transaction.atomic():
        existing = Document.objects.filter(owner_id=owner.pk, kind=kind, sha256=checked.sha256).first()
        if existing is not None:
            if existing.deleted_at is not None:
                existing.deleted_at = None
                existing.save(update_fields=["deleted_at"])
            return existing
        document = Document(
            owner_id=owner.pk,
            kind=kind,
            name=display_name,
            doc_type=doc_type[:100],
            content_type=checked.content_type,
            size=checked.size,
            pages=checked.pages,
            sha256=checked.sha256,
            source_agency_id=source_agency_id,
            source_dossier_id=source_dossier_id,
        )
        # A random stored name: the citizen's file name never reaches the file system.
        document.file.save(f"{uuid.uuid4().hex}{checked.extension}", ContentFile(content), save=False)
        stored = document.file.name
        try:
            document.save(force_insert=True)
        except Exception:
            document.file.storage.delete(stored)
            raise
    return document


def document_delete(*, owner: User, document_id: int) -> None:
    """Remove an upload from the owner's wallet. Issued results and desk scans stay (NotAllowed).

    An upload no dossier uses is erased with its file; one a dossier used stays attached to that dossier.
    """
    with transaction.atomic():
        document = Document.objects.in_wallet_of(owner.pk).filter(pk=document_id).first()
        if document is None:
            raise _not_found()
        if document.kind != DocumentKind.UPLOAD:
            raise NotAllowed(_("Issued results and scanned documents cannot be deleted."))
        if DossierComponent.objects.filter(document_id=document.pk).exists():
            document.deleted_at = timezone.now()
            document.save(update_fields=["deleted_at"])
            return
        stored, storage = document.file.name, document.file.storage
        document.delete()
        transaction.on_commit(lambda: storage.delete(stored))


def document_for(actor: Actor, document_id: int) -> Document:
    """The document, for its owner or an official who may see a dossier that uses or issued it; else NotFound."""
    if actor.kind == "citizen":
        document = Document.objects.filter(pk=document_id, owner_id=actor.user_id).first()
        if document is None:
            raise _not_found()
        return document
    dossiers = Dossier.objects.visible_to(actor)
    uses = DossierComponent.objects.filter(document_id=OuterRef("pk"), dossier__in=dossiers)
    document = (
        Document.objects.filter(pk=document_id)
        .filter(Q(Exists(uses)) | Q(source_dossier__in=dossiers))
        .select_related("owner")
        .first()
    )
    if document is None:
        raise _not_found()
    return document


def wallet_of(user: User) -> QuerySet[Document]:
    """What the citizen's wallet shows: their documents and e-results, newest first."""
    return Document.objects.in_wallet_of(user.pk).select_related("source_agency")
