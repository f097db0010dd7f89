"""The tests' own reading of app/short_ref.cpp (written from its description, not shared with it): the
first 8 hex digits of SHA-256(request id) as a number, four base-24 digits over ALPHABET, least significant
first. One copy for every Python test that has to know what a receipt prints."""
import hashlib

ALPHABET = "34679ACDEFGHJKMNPRTUVWXY"   # app/short_ref.hpp kShortRefAlphabet


def code(request_id):
    """The four characters after the dash."""
    n = int(hashlib.sha256(request_id.encode()).hexdigest()[:8], 16)
    out = ""
    for _ in range(4):
        out += ALPHABET[n % 24]
        n //= 24
    return out


def reference(ticket, request_id):
    """"A001-7K3M", as the receipt prints it."""
    return ticket + "-" + code(request_id)


def other_code(c):
    """A code of the alphabet in which every character differs from c's: a reference that names nothing."""
    return "".join(ALPHABET[(ALPHABET.index(ch) + 1) % 24] for ch in c)
