from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import CodePurpose, UserKind


class User(AbstractUser):
    """A person who logs in: a citizen (người dân) or an official (cán bộ).

    A citizen account is tied to one 12-digit personal ID, so that the national identity login (OIDC)
    and the population register can recognise the same person.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=UserKind.choices, default=UserKind.CITIZEN)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    personal_id = models.CharField(_("personal ID number"), max_length=12, unique=True, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, unique=True, null=True, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    oidc_subject = models.CharField(max_length=255, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # One account per e-mail address (login and codes go by it), whatever its case.
            models.UniqueConstraint(Lower("email"), condition=~models.Q(email=""), name="accounts_user_email_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_official(self) -> bool:
        return self.kind == UserKind.OFFICIAL


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiClient(models.Model):
    """An integrator's system (national portal adapter, sector database…) calling the API with a token.

    Only the SHA-256 of the token is stored; the prefix lets an operator recognise it in logs.
    """

    name = models.CharField(_("name"), max_length=150)
    key_prefix = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    agencies = models.ManyToManyField("agencies.Agency", blank=True, verbose_name=_("agencies"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class OneTimeCode(models.Model):
    """A one-time code (mã xác nhận) sent by e-mail to confirm a new account or reset a password.

    Only a keyed hash of the code is stored. A code expires, allows a few tries, and is used once; a newer
    code of the same purpose replaces the older ones.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField(max_length=10, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "purpose", "-created_at"], name="accounts_code_latest")]

    def __str__(self) -> str:
        return f"{self.purpose} code for user {self.user_id}"
