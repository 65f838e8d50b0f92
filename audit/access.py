"""Who may open which workspace: the three access modes, the team password,
and the one object every page asks (``Access``).

No Streamlit here: ``views/session.py`` builds a ``Viewer`` from the login
state and hands ``Access`` the store; pages ask ``Access`` and never decide
for themselves.

* *local* (default): one person on one computer; no login; everything open.
* *password*: a workshop on a LAN; one team password (its scrypt hash in the
  config), checked in constant time, rate-limited; everyone signed in sees
  everything.
* *accounts*: a hosted service; Streamlit's ``st.login`` (OpenID Connect).
  Staff (e-mails or ``@domain`` entries in the config) see every workspace;
  a client user sees only the workspaces shared with their e-mail.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Protocol

MODES = ("local", "password", "accounts")
ENV_MODE = "HOURGLASS_ACCESS"
ENV_PASSWORD_HASH = "HOURGLASS_PASSWORD_HASH"
ENV_STAFF = "HOURGLASS_STAFF"
SECRETS_SECTION = "access"

MIN_PASSWORD_LENGTH = 8


class AccessConfigError(ValueError):
    """The access configuration cannot be used; the app refuses to start."""

    def __init__(self, problem: str, **values):
        self.problem = problem  # a catalog key under ``access.config.``
        self.values = values
        super().__init__(f"{problem}: {values}" if values else problem)


class Refused(PermissionError):
    """This viewer may not do that to that workspace."""

    def __init__(self, action: str, slug: str | None = None):
        self.action = action
        self.slug = slug
        super().__init__(f"{action} refused for {slug!r}")


# -- configuration -----------------------------------------------------------------
@dataclass(frozen=True)
class AccessConfig:
    mode: str = "local"
    password_hash: str = ""
    staff: tuple[str, ...] = ()  # e-mails and "@domain" entries, lower case


def _staff_entries(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = re.split(r"[,\s]+", value)
    entries = []
    for item in value:
        item = str(item).strip().lower()
        if item:
            entries.append(item)
    return tuple(entries)


def load_config(secrets_section: Mapping | None = None, environ: Mapping | None = None) -> AccessConfig:
    """The access configuration: the environment wins over ``[access]`` in
    ``.streamlit/secrets.toml``. A config that cannot work (an unknown mode,
    the password mode without a hash) raises ``AccessConfigError``: the app
    then refuses every visitor rather than opening up."""
    section = dict(secrets_section or {})
    environ = environ or {}
    mode = (environ.get(ENV_MODE) or section.get("mode") or "local").strip().lower()
    if mode not in MODES:
        raise AccessConfigError("unknown_mode", mode=mode, modes=", ".join(MODES))
    password_hash = (environ.get(ENV_PASSWORD_HASH) or section.get("password_hash") or "").strip()
    staff = _staff_entries(environ.get(ENV_STAFF) if environ.get(ENV_STAFF) else section.get("staff"))
    if mode == "password":
        if not password_hash:
            raise AccessConfigError("no_password_hash")
        if not is_password_hash(password_hash):
            raise AccessConfigError("bad_password_hash")
    if mode == "accounts" and not staff:
        raise AccessConfigError("no_staff")
    return AccessConfig(mode=mode, password_hash=password_hash, staff=staff)


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_email(text: str) -> bool:
    return bool(EMAIL.match(normalise_email(text)))


def is_staff(email: str | None, staff: Iterable[str]) -> bool:
    """``email`` is listed, or its domain is (``@agency.example``)."""
    email = normalise_email(email)
    if not is_email(email):
        return False
    domain = "@" + email.rsplit("@", 1)[1]
    return any(entry == email or entry == domain for entry in staff)


# -- the team password -----------------------------------------------------------------
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024
_HASH = re.compile(r"^scrypt\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """``scrypt$n=…,r=…,p=…$salt$key``: what goes in the config, never the password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=32)
    return f"scrypt$n={n},r={r},p={p}${_b64(salt)}${_b64(key)}"


def _parse_hash(text: str):
    """(n, r, p, salt, key) of a well-formed hash, else None."""
    match = _HASH.match(text or "")
    if not match:
        return None
    n, r, p = (int(x) for x in match.groups()[:3])
    if not (n >= 2 and n & (n - 1) == 0 and r >= 1 and p >= 1 and n * r * 128 <= _SCRYPT_MAXMEM):
        return None
    try:
        salt = base64.b64decode(match.group(4), validate=True)
        key = base64.b64decode(match.group(5), validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(salt) < 8 or len(key) < 16:
        return None
    return n, r, p, salt, key


def is_password_hash(text: str) -> bool:
    return _parse_hash(text) is not None


def verify_password(password: str, stored: str) -> bool:
    """Constant-time comparison of the derived keys; a malformed hash never matches."""
    parsed = _parse_hash(stored)
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    got = hashlib.scrypt(str(password).encode("utf-8", "surrogatepass"), salt=salt, n=n, r=r, p=p,
                         maxmem=_SCRYPT_MAXMEM, dklen=len(expected))
    return hmac.compare_digest(got, expected)


class RateLimiter:
    """At most ``attempts`` failed sign-ins per ``window`` seconds, counted per
    session and for the whole process (so a new browser session does not get
    a fresh allowance). ``clock`` is injectable for tests."""

    def __init__(self, attempts: int = 5, window: float = 60.0, process_attempts: int = 20,
                 clock: Callable[[], float] = time.monotonic):
        self.attempts, self.window, self.process_attempts = attempts, window, process_attempts
        self.clock = clock
        self._failures: dict[str, deque] = {}
        self._all: deque = deque()
        self._lock = threading.Lock()

    def _prune(self, times: deque, now: float) -> None:
        while times and times[0] <= now - self.window:
            times.popleft()

    def wait(self, session: str) -> int:
        """Seconds (rounded up) before ``session`` may try again; 0: now."""
        with self._lock:
            now = self.clock()
            mine = self._failures.get(session, deque())
            self._prune(mine, now)
            self._prune(self._all, now)
            waits = []
            if len(mine) >= self.attempts:
                waits.append(mine[0] + self.window - now)
            if len(self._all) >= self.process_attempts:
                waits.append(self._all[0] + self.window - now)
            return max(1, int(max(waits) + 0.999)) if waits else 0

    def failed(self, session: str) -> None:
        with self._lock:
            now = self.clock()
            self._failures.setdefault(session, deque()).append(now)
            self._all.append(now)

    def succeeded(self, session: str) -> None:
        with self._lock:
            self._failures.pop(session, None)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()
            self._all.clear()


#: The process's limiter: every session of this server counts against it.
LIMITER = RateLimiter()


@dataclass(frozen=True)
class SignIn:
    ok: bool
    wait: int = 0  # seconds to wait before another try (rate limited)


def check_password(password: str, config: AccessConfig, session: str,
                   limiter: RateLimiter = LIMITER) -> SignIn:
    """One sign-in attempt: refused without checking while rate-limited."""
    wait = limiter.wait(session)
    if wait:
        return SignIn(ok=False, wait=wait)
    if verify_password(password, config.password_hash):
        limiter.succeeded(session)
        return SignIn(ok=True)
    limiter.failed(session)
    return SignIn(ok=False, wait=limiter.wait(session))


# -- remembered team sign-in (a cookie for the workshop day) -------------------------
TEAM_COOKIE = "hourglass_team"
TEAM_SESSION_S = 12 * 3600
_TOKEN = re.compile(r"^(\d{1,12})\.([0-9a-f]{64})$")


def _token_key(config: AccessConfig) -> bytes:
    # Derived from the password's hash: a new password ends every remembered sign-in.
    return hashlib.sha256(b"hourglass team sign-in\0" + config.password_hash.encode("utf-8")).digest()


def team_token(config: AccessConfig, now: float | None = None, ttl: int = TEAM_SESSION_S) -> str:
    """``expiry.mac``: proof, for ``ttl`` seconds, that this browser gave the password."""
    expires = int((time.time() if now is None else now) + ttl)
    mac = hmac.new(_token_key(config), str(expires).encode("ascii"), hashlib.sha256).hexdigest()
    return f"{expires}.{mac}"


def team_token_valid(token: str | None, config: AccessConfig, now: float | None = None) -> bool:
    match = _TOKEN.match(token) if isinstance(token, str) else None
    if not match or config.mode != "password" or not config.password_hash:
        return False
    expires, mac = match.groups()
    expected = hmac.new(_token_key(config), expires.encode("ascii"), hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, expected) and int(expires) > (time.time() if now is None else now)


def team_cookie_script(token: str | None) -> str:
    """A script that stores (``None``: deletes) the token. Only ``[0-9a-f.]``
    ever reach it (checked): nothing to escape."""
    if token is not None and not _TOKEN.match(token):
        raise ValueError("not a team token")
    value, age = (token, TEAM_SESSION_S) if token else ("", 0)
    return (f"<script>document.cookie = '{TEAM_COOKIE}={value}; path=/; max-age={age}; "
            f"SameSite=Strict';</script>")


# -- who is here, and what they may do ---------------------------------------------------
@dataclass(frozen=True)
class Viewer:
    """The person behind a session. ``staff`` sees every workspace."""

    mode: str
    email: str = ""
    staff: bool = True

    @classmethod
    def local(cls) -> "Viewer":
        return cls(mode="local")

    @classmethod
    def team(cls) -> "Viewer":
        return cls(mode="password")

    @classmethod
    def account(cls, email: str, config: AccessConfig) -> "Viewer":
        email = normalise_email(email)
        return cls(mode="accounts", email=email, staff=is_staff(email, config.staff))


class Shares(Protocol):
    def workspaces_shared_with(self, email: str) -> set[int]: ...


@dataclass
class Access:
    """What ``viewer`` may do; ``viewer`` None: nobody signed in, nothing open.

    The one place pages ask: Home's list, the sidebar picker, ``?workspace=``
    links, every step page, downloads, deletes and shares.
    """

    viewer: Viewer | None
    shares: Shares | None = None
    _shared: set[int] | None = field(default=None, repr=False)

    def _shared_ids(self) -> set[int]:
        if self._shared is None:
            email = self.viewer.email if self.viewer else ""
            self._shared = set(self.shares.workspaces_shared_with(email)) if (self.shares and email) else set()
        return self._shared

    @property
    def signed_in(self) -> bool:
        return self.viewer is not None

    @property
    def sees_everything(self) -> bool:
        return self.viewer is not None and self.viewer.staff

    def can_open(self, ws) -> bool:
        if ws is None or self.viewer is None:
            return False
        return self.viewer.staff or ws.id in self._shared_ids()

    def visible(self, workspaces: Iterable) -> list:
        return [ws for ws in workspaces if self.can_open(ws)]

    def can_delete(self, ws) -> bool:
        return self.sees_everything and self.can_open(ws)

    def can_share(self, ws) -> bool:
        """Only staff of the accounts mode share (other modes have no accounts)."""
        return self.viewer is not None and self.viewer.mode == "accounts" and self.viewer.staff and ws is not None

    def can_load_demo(self) -> bool:
        return self.sees_everything

    def claims_new_workspaces(self) -> bool:
        """A client user who creates a workspace gets it shared with them."""
        return self.viewer is not None and not self.viewer.staff and bool(self.viewer.email)

    def require(self, action: str, ws) -> None:
        allowed = {"open": self.can_open, "delete": self.can_delete, "share": self.can_share}[action](ws)
        if not allowed:
            raise Refused(action, getattr(ws, "slug", None))
