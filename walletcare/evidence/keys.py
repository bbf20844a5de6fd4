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
import hmac
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
from walletcare.evidence.database import LEGACY_PAGE_SIZE, NEW_PAGE_SIZE, PAGE_SIZES
from walletcare.i18n import _

KEYS_FILE = "vault.keys"
DB_FILE = "vault.db"
FORMAT = "walletcare-vault-keys"
FORMAT_VERSION = 2  # 2: ``db_key.page_size`` (a file without it is version 1, its vault.db in 4 KiB pages)
MIN_MEMORY_KIB = 64 * 1024
MAX_MEMORY_KIB = 256 * 1024  # the most calibration chooses
# What a key file may ask for at most (4x what calibration chooses, so a faster machine later still fits):
# anything beyond is a changed or damaged file, refused before Argon2id runs (it would take minutes or fail)
LIMIT_MEMORY_KIB = 1024 * 1024
LIMIT_TIME_COST = 32
LIMIT_PARALLELISM = 16
PARALLELISM = 2
NONCE_BYTES = 12
WRAPPED_BYTES = 32 + 16  # the data key and the AES-GCM tag
SLOT_KINDS = ("passphrase", "recovery")
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RECOVERY_GROUPS = 6
RECOVERY_GROUP_LEN = 5
_DB_KEY_INFO = b"walletcare vault.db sqlcipher key v1"
_SEAL_WRAP_INFO = b"walletcare seal key wrap v1"
_MAC_KEY_INFO = b"walletcare vault.keys mac v1"
SEALED_META = "keys_sealed"  # meta row: this vault's key file carries a MAC (so a file without one is refused)


def has_vault(folder: Path) -> bool:
    """Whether ``folder`` holds a vault (or the remains of one)."""
    return (folder / KEYS_FILE).exists() or (folder / DB_FILE).exists()


def damaged_keys() -> VaultCorrupt:
    """The error for a key file that was changed or damaged (exit 3; nothing is written)."""
    return VaultCorrupt(_("The vault key file (vault.keys) is damaged or is not a WalletCare key file. Nothing was "
                          "changed. Restore your latest backup with “walletcare restore”."))


def _int(data: dict[str, Any], name: str, low: int, high: int) -> int:
    value = data[name]
    if type(value) is not int or not low <= value <= high:
        raise ValueError(name)
    return value


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
        """Reads a slot's ``kdf`` object: refuses anything weaker than the floor, and values no WalletCare writes.

        Raises:
            VaultCorrupt: weaker than the floor, out of range, or not numbers (checked before Argon2id runs).
        """
        if not isinstance(data, dict) or data.get("name") != "argon2id":
            raise damaged_keys()
        memory, passes = data.get("memory_kib"), data.get("time_cost")
        if type(memory) is int and type(passes) is int and (memory < MIN_MEMORY_KIB or passes < 1):
            raise VaultCorrupt(_("The vault key file asks for a key derivation weaker than WalletCare allows."))
        try:
            params = cls(_int(data, "time_cost", 1, LIMIT_TIME_COST), _int(data, "memory_kib", MIN_MEMORY_KIB, LIMIT_MEMORY_KIB),
                         _int(data, "parallelism", 1, LIMIT_PARALLELISM), _unb64(data["salt"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise damaged_keys() from None
        if not 16 <= len(params.salt) <= 64:
            raise damaged_keys()
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
    passes = min(LIMIT_TIME_COST, max(1, round(units / (memory / MIN_MEMORY_KIB))))
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
        """Reads a stored slot (VaultCorrupt when any part of it is not what WalletCare writes)."""
        if data.get("aead") != "aes-256-gcm":
            raise VaultCorrupt(_("The vault key file uses an unknown cipher."))
        slot = cls(str(data["kind"]), KdfParams.from_json(data["kdf"]), _unb64(data["nonce"]), _unb64(data["wrapped"]))
        if slot.kind not in SLOT_KINDS or len(slot.nonce) != NONCE_BYTES or len(slot.wrapped) != WRAPPED_BYTES:
            raise damaged_keys()
        return slot


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
    # as read from the file: the checksum and MAC it carried ("" for a file written before they existed)
    checksum: str = ""
    mac: str = ""
    # vault.db's page size, which SQLCipher must be told before it reads page 1 (4096 in version-1 files)
    page_size: int = LEGACY_PAGE_SIZE
    version: int = 1

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
        if self.checksum and not hmac.compare_digest(self.checksum, hashlib.sha256(self.body()).hexdigest()):
            raise damaged_keys()  # (damage, not a wrong passphrase: checked before Argon2id)
        kek = slot.kdf.derive(secret)
        try:
            data_key = bytearray(AESGCM(bytes(kek)).decrypt(slot.nonce, slot.wrapped, self._aad(kind)))
        except InvalidTag:
            if kind == "recovery":
                raise WrongPassphrase(_("That recovery code does not open this vault. Nothing was changed.")) from None
            raise WrongPassphrase() from None
        finally:
            wipe(kek)
        if self.mac and not hmac.compare_digest(self.mac, self.seal_mac(data_key)):
            wipe(data_key)
            raise damaged_keys()
        return data_key

    def _mac_key(self, data_key: bytearray) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(algorithm=hashes.SHA256(), length=32, salt=self.db_salt, info=_MAC_KEY_INFO).derive(bytes(data_key))

    def body(self) -> bytes:
        """The canonical bytes the checksum and the MAC cover: every field but those two."""
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")

    def seal_mac(self, data_key: bytearray) -> str:
        """HMAC-SHA256 of ``body()`` under a key derived from the data key (only the vault's owner can make it)."""
        return hmac.new(self._mac_key(data_key), self.body(), hashlib.sha256).hexdigest()

    def sealed(self, data_key: bytearray) -> bytes:
        """The file's bytes: the fields, a SHA-256 checksum (finds damage before Argon2id runs) and the MAC
        (finds any change once the data key is unwrapped)."""
        data = self.to_json()
        data["checksum"] = hashlib.sha256(self.body()).hexdigest()
        data["mac"] = self.seal_mac(data_key)
        return json.dumps(data, indent=2).encode("utf-8")

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
            plain: bytes = self._seal_cipher(data_key).decrypt(self.seal.nonce, self.seal.wrapped,
                                                               self._seal_aad(self.seal.certificate))
            return plain
        except InvalidTag:
            raise VaultCorrupt(_("The vault's seal key is damaged. Restore your latest backup with "
                                 "“walletcare restore”.")) from None

    # -- file -------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The whole file as a JSON object."""
        db_key: dict[str, Any] = {"kdf": "hkdf-sha256", "salt": _b64(self.db_salt)}
        if self.version >= 2:
            db_key["page_size"] = self.page_size
        return {"format": FORMAT, "version": self.version, "vault_id": self.vault_id, "created_at": self.created_at,
                "db_key": db_key,
                "public_key": {"alg": "ed25519", "key": _b64(self.public_key)},
                "slots": [s.to_json() for s in self.slots],
                **({"seal_key": self.seal.to_json()} if self.seal is not None else {})}

    def save(self, folder: Path, data_key: bytearray) -> bytes:
        """Writes ``vault.keys`` sealed with ``data_key`` atomically (temp file in the folder, fsync, replace,
        fsync the folder); returns the bytes written."""
        raw = self.sealed(data_key)
        write_atomic(folder / KEYS_FILE, raw)
        self.checksum = hashlib.sha256(self.body()).hexdigest()
        self.mac = self.seal_mac(data_key)
        return raw

    @classmethod
    def new(cls, public_key: bytes) -> KeyFile:
        """A fresh key file without slots."""
        return cls(str(uuid.uuid4()), secrets.token_bytes(16), public_key,
                   created_at=datetime.now(UTC).isoformat(timespec="seconds"), page_size=NEW_PAGE_SIZE,
                   version=FORMAT_VERSION)

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
            if data.get("format") != FORMAT or type(data.get("version", 0)) is not int:
                raise ValueError("format")
        except (ValueError, UnicodeDecodeError, AttributeError):
            raise damaged_keys() from None
        if data.get("version", 0) > FORMAT_VERSION:
            raise VaultCorrupt(_("This vault was made by a newer version of WalletCare. Update WalletCare to open it."))
        version = int(data.get("version", 1))
        try:
            keyfile = cls(
                vault_id=str(data["vault_id"]), db_salt=_unb64(data["db_key"]["salt"]),
                public_key=_unb64(data["public_key"]["key"]), slots=[Slot.from_json(s) for s in data["slots"]],
                created_at=str(data.get("created_at", "")),
                seal=SealSlot.from_json(data["seal_key"]) if "seal_key" in data else None,
                checksum=str(data.get("checksum", "")), mac=str(data.get("mac", "")),
                page_size=data["db_key"]["page_size"] if version >= 2 else LEGACY_PAGE_SIZE, version=version,
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise damaged_keys() from None
        kinds = [slot.kind for slot in keyfile.slots]
        if (len(keyfile.public_key) != 32 or not 16 <= len(keyfile.db_salt) <= 64 or len(kinds) != len(set(kinds))
                or data.get("db_key", {}).get("kdf") != "hkdf-sha256" or data["public_key"].get("alg") != "ed25519"
                or type(keyfile.page_size) is not int or keyfile.page_size not in PAGE_SIZES
                or (version >= 2 and not (keyfile.checksum and keyfile.mac))):  # (every version 2 is sealed)
            raise damaged_keys()
        return keyfile


def wipe(buffer: bytearray) -> None:
    """Overwrites a key or passphrase buffer with zeros."""
    for i in range(len(buffer)):
        buffer[i] = 0


def remove_stale_temp(folder: Path) -> None:
    """Deletes temp files an interrupted save or backup left in a vault folder (``.vault.*.tmp``)."""
    for name in (DB_FILE, KEYS_FILE):
        for stale in folder.glob(f".{name}.*.tmp"):
            if stale.name.endswith(".restore.tmp"):
                continue  # (a restore's copies: ``backup.settle_restore`` finishes or removes them)
            try:
                stale.unlink()
            except OSError:
                pass
