"""Fields that only the application's own steps write: a committee's decision with its
votes, an appeal's outcome, a compensation's approval. Those steps check everything as the
user, then write under this mark, in the user's own rights. A client cannot forge the mark:
it is one Python object, which no RPC or HTTP context can carry."""


class _OutcomeMark:
    __slots__ = ()

    def __repr__(self):
        return "<recorded outcome>"


_MARK = _OutcomeMark()
_KEY = "beneficiary_recorded_outcome"


def as_recorded_outcome(records):
    """``records`` in an environment whose writes are the application's recorded outcome."""
    return records.with_context(**{_KEY: _MARK})


def is_recorded_outcome(env):
    """Whether ``env`` writes a recorded outcome (or is the superuser's: data files,
    migrations)."""
    return env.su or env.context.get(_KEY) is _MARK
