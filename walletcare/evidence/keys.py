"""The vault's key file (``vault.keys``): a random data key wrapped in a passphrase slot and a recovery slot.

The data key (32 random bytes) never leaves memory in the clear. The SQLCipher key is derived from it with
HKDF-SHA256, and the data key itself is stored only wrapped with AES-256-GCM under a key-encryption key
derived by Argon2id (passphrase slot: parameters calibrated at creation to about half a second, never less
than 64 MiB; recovery slot: the same floor, keyed by a random recovery code shown once). The file also holds
the vault's public Ed25519 key, and the seal key that certifies dossiers (an ECDSA P-256 private key wrapped
with AES-256-GCM under a key derived from the data key, beside its certificate). Every rewrite is atomic:
temp file in the same folder, fsync, ``os.replace``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from walletcare.atomic_files import write_atomic
from walletcare.errors import VaultCorrupt, WrongPassphrase
from walletcare.i18n import _

KEYS_FILE = "vault.keys"
DB_FILE = "vault.db"
FORMAT = "walletcare-vault-keys"
FORMAT_VERSION = 1
MIN_MEMORY_KIB = 64 * 1024
MAX_MEMORY_KIB = 256 * 1024
PARALLELISM = 2
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RECOVERY_GROUPS = 6
RECOVERY_GROUP_LEN = 5
_DB_KEY_INFO = b"walletcare vault.db sqlcipher key v1"
_SEAL_WRAP_INFO = b"walletcare seal key wrap v1"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters stored in a slot (memory in KiB)."""

    time_cost: int
    memory_kib: int
    parallelism: int
    salt: bytes

    def derive(self, secret: bytes | bytearray) -> bytearray:
        """The 32-byte key-encryption key for ``secret``."""
        from argon2.low_level import Type, hash_secret_raw

        raw = hash_secret_raw(
            bytes(secret), self.salt, time_cost=self.time_cost, memory_cost=self.memory_kib,
            parallelism=self.parallelism, hash_len=32, type=Type.ID,
        )
        return bytearray(raw)

    def to_json(self) -> dict[str, Any]:
        """The slot's ``kdf`` object."""
        return {"name": "argon2id", "time_cost": self.time_cost, "memory_kib": self.memory_kib,
                "parallelism": self.parallelism, "salt": _b64(self.salt)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        """Reads a slot's ``kdf`` object (refusing anything weaker than the floor)."""
        if data.get("name") != "argon2id":
            raise VaultCorrupt(_("The vault key file uses an unknown key derivation."))
        params = cls(int(data["time_cost"]), int(data["memory_kib"]), int(data["parallelism"]), _unb64(data["salt"]))
        if params.memory_kib < MIN_MEMORY_KIB or params.time_cost < 1:
            raise VaultCorrupt(_("The vault key file asks for a key derivation weaker than WalletCare allows."))
        return params


def calibrate(target_seconds: float) -> KdfParams:
    """Argon2id parameters taking about ``target_seconds`` on this machine (at least 64 MiB, 1 pass).

    ``target_seconds <= 0`` gives the floor (64 MiB, one pass) without measuring.
    """
    salt = secrets.token_bytes(16)
    if target_seconds <= 0:
        return KdfParams(1, MIN_MEMORY_KIB, PARALLELISM, salt)
    start = time.perf_counter()
    KdfParams(1, MIN_MEMORY_KIB, PARALLELISM, salt).derive(b"calibration")
    memory, passes = plan_cost(target_seconds, time.perf_counter() - start)
    for _attempt in range(3):  # bigger memory can cost more than linearly (caches): measure and step back
        if (memory, passes) == (MIN_MEMORY_KIB, 1):
            break
        start = time.perf_counter()
        KdfParams(passes, memory, PARALLELISM, salt).derive(b"calibration")
        spent = time.perf_counter() - start
        if spent <= target_seconds * 1.5:
            break
        memory, passes = plan_cost(target_seconds, spent / (memory / MIN_MEMORY_KIB * passes))
    return KdfParams(passes, memory, PARALLELISM, salt)


def plan_cost(target_seconds: float, floor_seconds: float) -> tuple[int, int]:
    """``(memory KiB, passes)`` for a target time, given the measured time of one pass over 64 MiB.

    Memory grows first (up to 256 MiB, in whole MiB), then passes; never below the floor.
    """
    units = max(1.0, target_seconds / max(floor_seconds, 1e-4))
    mem_factor = min(units, MAX_MEMORY_KIB / MIN_MEMORY_KIB)
    memory = max(MIN_MEMORY_KIB, int(MIN_MEMORY_KIB * mem_factor) // 1024 * 1024)
    passes = max(1, round(units / (memory / MIN_MEMORY_KIB)))
    return memory, passes


def new_recovery_code() -> str:
    """A random recovery code: six groups of five Crockford base32 characters (150 bits)."""
    chars = [secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN)]
    groups = ["".join(chars[i:i + RECOVERY_GROUP_LEN]) for i in range(0, len(chars), RECOVERY_GROUP_LEN)]
    return "-".join(groups)


def normalize_recovery_code(code: str) -> bytes:
    """Upper-cases, drops spaces and dashes, and reads O as 0 and I/L as 1 (as people write them down)."""
    cleaned = "".join(ch for ch in code.upper() if ch not in " -\t\r\n")
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return cleaned.encode("ascii", "ignore")


@dataclass
class Slot:
    """One wrapped copy of the data key."""

    kind: str  # "passphrase" or "recovery"
    kdf: KdfParams
    nonce: bytes
    wrapped: bytes

    def to_json(self) -> dict[str, Any]:
        """The slot as stored."""
        return {"kind": self.kind, "kdf": self.kdf.to_json(), "aead": "aes-256-gcm",
                "nonce": _b64(self.nonce), "wrapped": _b64(self.wrapped)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        """Reads a stored slot."""
        if data.get("aead") != "aes-256-gcm":
            raise VaultCorrupt(_("The vault key file uses an unknown cipher."))
        return cls(str(data["kind"]), KdfParams.from_json(data["kdf"]), _unb64(data["nonce"]), _unb64(data["wrapped"]))


@dataclass(frozen=True)
class SealSlot:
    """The dossier seal key: its certificate and its PKCS#8 private key, wrapped under the data key."""

    certificate: bytes
    nonce: bytes
    wrapped: bytes

    def to_json(self) -> dict[str, Any]:
        """The ``seal_key`` object as stored."""
        return {"alg": "ecdsa-p256-sha256", "certificate": _b64(self.certificate), "aead": "aes-256-gcm",
                "nonce": _b64(self.nonce), "wrapped": _b64(self.wrapped)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SealSlot:
        """Reads a stored ``seal_key`` object."""
        if data.get("alg") != "ecdsa-p256-sha256" or data.get("aead") != "aes-256-gcm":
            raise VaultCorrupt(_("The vault key file uses an unknown cipher."))
        return cls(_unb64(data["certificate"]), _unb64(data["nonce"]), _unb64(data["wrapped"]))


@dataclass
class KeyFile:
    """The parsed ``vault.keys``."""

    vault_id: str
    db_salt: bytes
    public_key: bytes
    slots: list[Slot] = field(default_factory=list)
    created_at: str = ""
    seal: SealSlot | None = None

    # -- slots ------------------------------------------------------------------------------------
    def _aad(self, kind: str) -> bytes:
        return f"{FORMAT}/{self.vault_id}/{kind}".encode()

    def set_slot(self, kind: str, secret: bytes | bytearray, data_key: bytearray, kdf: KdfParams) -> None:
        """Wraps ``data_key`` under ``secret`` and replaces the slot of that kind."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        kek = kdf.derive(secret)
        try:
            nonce = secrets.token_bytes(12)
            wrapped = AESGCM(bytes(kek)).encrypt(nonce, bytes(data_key), self._aad(kind))
        finally:
            wipe(kek)
        self.slots = [s for s in self.slots if s.kind != kind] + [Slot(kind, kdf, nonce, wrapped)]

    def slot(self, kind: str) -> Slot:
        """The slot of that kind (VaultCorrupt when missing)."""
        for slot in self.slots:
            if slot.kind == kind:
                return slot
        raise VaultCorrupt(_("The vault key file has no key slot for this way of unlocking."))

    def unwrap(self, kind: str, secret: bytes | bytearray) -> bytearray:
        """The data key, unwrapped with ``secret`` from the slot of that kind (WrongPassphrase when it fails)."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        slot = self.slot(kind)
        kek = slot.kdf.derive(secret)
        try:
            return bytearray(AESGCM(bytes(kek)).decrypt(slot.nonce, slot.wrapped, self._aad(kind)))
        except InvalidTag:
            if kind == "recovery":
                raise WrongPassphrase(_("That recovery code does not open this vault. Nothing was changed.")) from None
            raise WrongPassphrase() from None
        finally:
            wipe(kek)

    def db_key_hex(self, data_key: bytearray) -> str:
        """The SQLCipher raw key (64 hex characters) derived from the data key with HKDF-SHA256."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(algorithm=hashes.SHA256(), length=32, salt=self.db_salt, info=_DB_KEY_INFO).derive(bytes(data_key)).hex()

    # -- seal key -----------------------------------------------------------------------------------
    def _seal_cipher(self, data_key: bytearray) -> Any:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=self.db_salt,
                           info=_SEAL_WRAP_INFO).derive(bytes(data_key)))

    def _seal_aad(self, certificate: bytes) -> bytes:
        return self._aad("seal") + b"/" + hashlib.sha256(certificate).digest()

    def set_seal_key(self, data_key: bytearray, private_der: bytes, certificate: bytes) -> None:
        """Stores the seal key: the private key wrapped under the data key, beside its certificate."""
        nonce = secrets.token_bytes(12)
        wrapped = self._seal_cipher(data_key).encrypt(nonce, private_der, self._seal_aad(certificate))
        self.seal = SealSlot(certificate, nonce, wrapped)

    def seal_private_key(self, data_key: bytearray) -> bytes | None:
        """The seal key's PKCS#8 private key (None when the vault has none yet; VaultCorrupt when damaged)."""
        from cryptography.exceptions import InvalidTag

        if self.seal is None:
            return None
        try:
            return self._seal_cipher(data_key).decrypt(self.seal.nonce, self.seal.wrapped,
                                                       self._seal_aad(self.seal.certificate))
        except InvalidTag:
            raise VaultCorrupt(_("The vault's seal key is damaged. Restore your latest backup with "
                                 "“walletcare restore”.")) from None

    # -- file -------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The whole file as a JSON object."""
        return {"format": FORMAT, "version": FORMAT_VERSION, "vault_id": self.vault_id, "created_at": self.created_at,
                "db_key": {"kdf": "hkdf-sha256", "salt": _b64(self.db_salt)},
                "public_key": {"alg": "ed25519", "key": _b64(self.public_key)},
                "slots": [s.to_json() for s in self.slots],
                **({"seal_key": self.seal.to_json()} if self.seal is not None else {})}

    def save(self, folder: Path) -> None:
        """Writes ``vault.keys`` atomically (temp file in the folder, fsync, replace, fsync the folder)."""
        write_atomic(folder / KEYS_FILE, json.dumps(self.to_json(), indent=2).encode("utf-8"))

    @classmethod
    def new(cls, public_key: bytes) -> KeyFile:
        """A fresh key file without slots."""
        return cls(str(uuid.uuid4()), secrets.token_bytes(16), public_key,
                   created_at=datetime.now(UTC).isoformat(timespec="seconds"))

    @classmethod
    def load(cls, folder: Path) -> KeyFile:
        """Reads ``vault.keys`` (VaultCorrupt when it is not a WalletCare key file or from a newer version)."""
        path = folder / KEYS_FILE
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise VaultCorrupt(_("The vault key file (vault.keys) is missing, so the vault cannot be opened. "
                                 "Restore your latest backup with “walletcare restore”.")) from None
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("format")
        except (ValueError, UnicodeDecodeError, AttributeError):
            raise VaultCorrupt(_("The vault key file (vault.keys) is damaged or is not a WalletCare key file. "
                                 "Restore your latest backup with “walletcare restore”.")) from None
        if int(data.get("version", 0)) > FORMAT_VERSION:
            raise VaultCorrupt(_("This vault was made by a newer version of WalletCare. Update WalletCare to open it."))
        try:
            return cls(
                vault_id=str(data["vault_id"]), db_salt=_unb64(data["db_key"]["salt"]),
                public_key=_unb64(data["public_key"]["key"]), slots=[Slot.from_json(s) for s in data["slots"]],
                created_at=str(data.get("created_at", "")),
                seal=SealSlot.from_json(data["seal_key"]) if "seal_key" in data else None,
            )
        except (KeyError, TypeError, ValueError):
            raise VaultCorrupt(_("The vault key file (vault.keys) is damaged or is not a WalletCare key file. "
                                 "Restore your latest backup with “walletcare restore”.")) from None


def wipe(buffer: bytearray) -> None:
    """Overwrites a key or passphrase buffer with zeros."""
    for i in range(len(buffer)):
        buffer[i] = 0


def remove_stale_temp(folder: Path) -> None:
    """Deletes temp files an interrupted save or backup left in a vault folder (``.vault.*.tmp``)."""
    for name in (DB_FILE, KEYS_FILE):
        for stale in folder.glob(f".{name}.*.tmp"):
            try:
                stale.unlink()
            except OSError:
                pass
