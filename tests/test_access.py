"""Access rules (``audit.access``): the three modes, who sees which workspace,
the team password's hash and rate limit, the store's shares, and the CLI's
``hash-password``."""

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit import access
from audit.access import Access, AccessConfig, AccessConfigError, RateLimiter, Viewer
from audit.model import InvalidValue

ACCOUNTS = AccessConfig(mode="accounts", staff=("ana@agency.example", "@staff.example"))
FAST = {"n": 2 ** 10, "r": 8, "p": 1}  # cheap scrypt parameters for tests


@pytest.fixture
def two_clients(store):
    """Two clients' workspaces; only Rosa's is shared with rosa@bakery.example."""
    rosa = store.create_workspace("Rosa's Bakery")
    tom = store.create_workspace("Tom's Garage")
    store.share_workspace(rosa.id, "Rosa@Bakery.example ")
    return rosa, tom


def viewer_for(kind: str) -> Viewer | None:
    return {
        "nobody": None,
        "local": Viewer.local(),
        "team": Viewer.team(),
        "staff": Viewer.account("ana@agency.example", ACCOUNTS),
        "staff-domain": Viewer.account("Luis@STAFF.example", ACCOUNTS),
        "client": Viewer.account("rosa@bakery.example", ACCOUNTS),
        "other-client": Viewer.account("tom@garage.example", ACCOUNTS),
        "lookalike": Viewer.account("rosa@bakery.example.evil", ACCOUNTS),
        "subdomain": Viewer.account("x@evil.staff.example", ACCOUNTS),
    }[kind]


# who, shared workspace (Rosa's), other workspace (Tom's), may delete, may share
CASES = [
    ("nobody", False, False, False, False),
    ("local", True, True, True, False),
    ("team", True, True, True, False),
    ("staff", True, True, True, True),
    ("staff-domain", True, True, True, True),
    ("client", True, False, False, False),
    ("other-client", False, False, False, False),
    ("lookalike", False, False, False, False),
    ("subdomain", False, False, False, False),
]


@pytest.mark.parametrize("who, sees_shared, sees_other, deletes, shares", CASES)
def test_who_may_open_list_delete_and_share(store, two_clients, who, sees_shared, sees_other, deletes, shares):
    rosa, tom = two_clients
    rights = Access(viewer_for(who), store)
    assert rights.can_open(rosa) is sees_shared
    assert rights.can_open(tom) is sees_other
    assert [w.slug for w in rights.visible(store.workspaces())] == [
        w.slug for w in store.workspaces() if (w.id == rosa.id and sees_shared) or (w.id == tom.id and sees_other)]
    assert rights.can_delete(tom) is deletes
    assert rights.can_share(rosa) is shares


def test_a_client_is_refused_another_clients_workspace(store, two_clients):
    rosa, tom = two_clients
    rights = Access(viewer_for("client"), store)
    rights.require("open", rosa)
    for action in ("open", "delete", "share"):
        with pytest.raises(access.Refused):
            rights.require(action, tom)


def test_nothing_is_open_for_a_missing_workspace(store):
    assert not Access(Viewer.local(), store).can_open(None)


def test_a_new_share_is_seen_and_an_unshare_takes_it_away(store, two_clients):
    rosa, tom = two_clients
    store.share_workspace(tom.id, "rosa@bakery.example")
    assert Access(viewer_for("client"), store).can_open(tom)
    store.unshare_workspace(tom.id, "ROSA@bakery.example")
    assert not Access(viewer_for("client"), store).can_open(tom)
    assert store.shares(rosa.id) == ["rosa@bakery.example"]


def test_shares_go_with_their_workspace(store, two_clients):
    rosa, _ = two_clients
    store.delete_workspace(rosa.id)
    assert store.workspaces_shared_with("rosa@bakery.example") == set()


@pytest.mark.parametrize("bad", ["", "rosa", "rosa@", "@bakery.example", "ro sa@bakery.example", "=1+2@x"])
def test_sharing_needs_an_email(store, two_clients, bad):
    rosa, _ = two_clients
    with pytest.raises(InvalidValue):
        store.share_workspace(rosa.id, bad)
    assert store.shares(rosa.id) == ["rosa@bakery.example"]


# -- configuration ---------------------------------------------------------------
HASH = access.hash_password("correct horse battery", **FAST)


@pytest.mark.parametrize("secrets, environ, expected", [
    ({}, {}, AccessConfig()),
    ({"mode": "password", "password_hash": HASH}, {}, AccessConfig(mode="password", password_hash=HASH)),
    ({}, {"HOURGLASS_ACCESS": "password", "HOURGLASS_PASSWORD_HASH": HASH},
     AccessConfig(mode="password", password_hash=HASH)),
    ({"mode": "password", "password_hash": HASH}, {"HOURGLASS_ACCESS": "local"},
     AccessConfig(mode="local", password_hash=HASH)),  # the environment wins
    ({"mode": "accounts", "staff": ["Ana@Agency.example", "@staff.example"]}, {},
     AccessConfig(mode="accounts", staff=("ana@agency.example", "@staff.example"))),
    ({"mode": "accounts", "staff": ["x@y.example"]}, {"HOURGLASS_STAFF": "a@b.example, @c.example"},
     AccessConfig(mode="accounts", staff=("a@b.example", "@c.example"))),
])
def test_config_from_secrets_and_environment(secrets, environ, expected):
    assert access.load_config(secrets, environ) == expected


@pytest.mark.parametrize("secrets, problem", [
    ({"mode": "open"}, "unknown_mode"),
    ({"mode": "password"}, "no_password_hash"),
    ({"mode": "password", "password_hash": "correct horse battery"}, "bad_password_hash"),  # a plain password
    ({"mode": "accounts"}, "no_staff"),
])
def test_a_config_that_cannot_work_is_refused(secrets, problem):
    with pytest.raises(AccessConfigError) as caught:
        access.load_config(secrets, {})
    assert caught.value.problem == problem


# -- the team password ---------------------------------------------------------------
def test_the_hash_verifies_its_password_only():
    assert access.verify_password("correct horse battery", HASH)
    assert not access.verify_password("correct horse batter", HASH)
    assert not access.verify_password("", HASH)
    assert "correct horse battery" not in HASH


def test_two_hashes_of_one_password_differ_by_their_salt():
    again = access.hash_password("correct horse battery", **FAST)
    assert again != HASH and access.verify_password("correct horse battery", again)


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$n=3,r=8,p=1$AAAA$AAAA", HASH[:-6], "argon2$x"])
def test_a_malformed_hash_never_matches(stored):
    assert not access.verify_password("correct horse battery", stored)


def test_a_short_password_is_refused():
    with pytest.raises(ValueError):
        access.hash_password("short")


@given(st.text(max_size=30))
def test_no_other_password_matches(password):
    if password != "correct horse battery":
        assert not access.verify_password(password, HASH)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_five_wrong_passwords_a_minute_then_a_wait():
    clock = Clock()
    limiter = RateLimiter(attempts=5, window=60, process_attempts=100, clock=clock)
    config = AccessConfig(mode="password", password_hash=HASH)
    for _ in range(5):
        assert access.check_password("wrong", config, "s1", limiter).ok is False
    refused = access.check_password("correct horse battery", config, "s1", limiter)
    assert not refused.ok and 1 <= refused.wait <= 60  # even the right password waits
    assert access.check_password("correct horse battery", config, "s2", limiter).ok  # another session is not blocked
    clock.now += 61
    assert access.check_password("correct horse battery", config, "s1", limiter).ok


def test_new_sessions_get_no_fresh_allowance_from_the_process():
    clock = Clock()
    limiter = RateLimiter(attempts=5, window=60, process_attempts=8, clock=clock)
    config = AccessConfig(mode="password", password_hash=HASH)
    for n in range(8):
        access.check_password("wrong", config, f"session-{n}", limiter)
    result = access.check_password("correct horse battery", config, "fresh", limiter)
    assert not result.ok and result.wait > 0
    clock.now += 61
    assert access.check_password("correct horse battery", config, "fresh", limiter).ok


def test_the_wait_shrinks_as_the_window_slides():
    clock = Clock()
    limiter = RateLimiter(attempts=2, window=60, process_attempts=100, clock=clock)
    limiter.failed("s")
    clock.now += 30
    limiter.failed("s")
    assert limiter.wait("s") == 30
    clock.now += 31
    assert limiter.wait("s") == 0


# -- the command line ---------------------------------------------------------------
def run_cli(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "audit", *args], input=stdin, capture_output=True, text=True,
                          cwd=access.__file__.rsplit("/audit/", 1)[0])


def test_hash_password_prints_a_hash_that_verifies(tmp_path):
    db = tmp_path / "never.db"
    result = run_cli("--db", str(db), "hash-password", stdin="correct horse battery\n")
    assert result.returncode == 0, result.stderr
    printed = result.stdout.strip()
    assert access.is_password_hash(printed)
    assert access.verify_password("correct horse battery", printed)
    assert "correct horse battery" not in result.stdout + result.stderr
    assert not db.exists()  # no database needed


def test_hash_password_refuses_a_short_password():
    result = run_cli("hash-password", stdin="short\n")
    assert result.returncode == 2
    assert result.stderr.startswith("hourglass: error: hash-password:") and result.stdout == ""


# -- remembered team sign-in ------------------------------------------------------------
TEAM = AccessConfig(mode="password", password_hash=HASH)


def test_a_team_token_proves_the_password_until_it_expires():
    token = access.team_token(TEAM, now=1_000_000, ttl=3600)
    assert access.team_token_valid(token, TEAM, now=1_000_000 + 3599)
    assert not access.team_token_valid(token, TEAM, now=1_000_000 + 3600)


@pytest.mark.parametrize("tamper", [
    lambda tok: tok[:-1] + ("0" if tok[-1] != "0" else "1"),  # another mac
    lambda tok: str(int(tok.split(".")[0]) + 10_000) + "." + tok.split(".")[1],  # a later expiry
    lambda tok: tok.split(".")[0],  # no mac
    lambda tok: "",
    lambda tok: None,
    lambda tok: tok.upper(),
])
def test_a_tampered_team_token_is_refused(tamper):
    token = access.team_token(TEAM, now=1_000_000, ttl=3600)
    assert not access.team_token_valid(tamper(token), TEAM, now=1_000_000)


def test_a_new_password_ends_every_remembered_sign_in():
    token = access.team_token(TEAM, now=1_000_000)
    other = AccessConfig(mode="password", password_hash=access.hash_password("another long password", **FAST))
    assert not access.team_token_valid(token, other, now=1_000_000)
    assert not access.team_token_valid(token, AccessConfig(mode="local", password_hash=HASH), now=1_000_000)


def test_the_cookie_script_only_ever_holds_a_token():
    token = access.team_token(TEAM)
    assert f"{access.TEAM_COOKIE}={token};" in access.team_cookie_script(token)
    assert "max-age=0" in access.team_cookie_script(None)
    with pytest.raises(ValueError):
        access.team_cookie_script("'; alert(1); '")
