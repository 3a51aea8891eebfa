"""Saudi identity numbers: national ID (citizens) and iqama (residents).

Both are ten digits with a Luhn check digit; a national ID starts with 1, an iqama with 2.
Passports and GCC IDs have no common checksum: they are checked for shape only.
"""

import re

from stdnum import luhn

FIRST_DIGIT = {"national_id": "1", "iqama": "2"}
DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9]{5,20}$")


def national_id_error(env, number, id_type):
    """A message in ``env``'s language saying what is wrong with ``number``, or None."""
    number = number or ""
    if id_type in FIRST_DIGIT:
        if not re.fullmatch(r"\d{10}", number):
            return env._(
                "A Saudi national ID or iqama number has exactly 10 digits (got %s).", number
            )
        if number[0] != FIRST_DIGIT[id_type]:
            if id_type == "national_id":
                return env._("A citizen national ID starts with 1 (got %s).", number)
            return env._("A resident iqama number starts with 2 (got %s).", number)
        if not luhn.is_valid(number):
            return env._("%s is not a valid identity number: its check digit is wrong.", number)
        return None
    if not DOCUMENT_NUMBER.match(number):
        return env._("A passport or GCC ID number has 5 to 20 letters and digits (got %s).", number)
    return None
