"""Password hashes: format, verification, salts, malformed input."""

import base64

import pytest

from analytics.access.passwords import hash_password, verify_password
from analytics.errors import UserError


def test_format_and_verification():
    encoded = hash_password("kata-sandi-benar")
    scheme, n, r, p, salt, digest = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(digest)) == 32
    assert "kata-sandi-benar" not in encoded
    assert verify_password("kata-sandi-benar", encoded)
    assert not verify_password("kata-sandi-salah", encoded)
    assert not verify_password("", encoded)


def test_same_password_gives_different_hashes():
    first, second = hash_password("sama"), hash_password("sama")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert verify_password("sama", first) and verify_password("sama", second)


def test_tampered_digest_fails():
    encoded = hash_password("rahasia")
    parts = encoded.split("$")
    raw = bytearray(base64.b64decode(parts[5]))
    raw[0] ^= 1
    parts[5] = base64.b64encode(bytes(raw)).decode()
    assert not verify_password("rahasia", "$".join(parts))


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "rahasia",
        "scrypt$16384$8$1$abc",
        "bcrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # n not 2^k
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # n too big
        None,
    ],
)
def test_malformed_hash_is_false_not_error(encoded):
    assert verify_password("rahasia", encoded) is False


def test_empty_password_refused():
    with pytest.raises(UserError):
        hash_password("")
