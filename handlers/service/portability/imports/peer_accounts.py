"""Whose export a file is: one peer account per tracker and user, claimed atomically (store I/O).

A Botsu or old TMW export names the account it came from. The first import of such a file
claims that account for the user (in the settings item); a file of another account is
then refused. The claim is a conditional write, so two imports racing with two people's
files cannot both pass the check.
"""

from __future__ import annotations

from handlers.service.accounts.user_settings import SETTINGS_SK
from handlers.service.core.errors import InvalidInput
from handlers.service.portability.imports.rows import ImportFormatError, Row, RowError
from storage.models import user_pk
from storage.repository import ItemRepository, VersionConflict

_ATTEMPTS = 5


class PeerAccounts:
    """The account the rows of one file belong to, checked against the user's claim."""

    def __init__(self, repo: ItemRepository, user: str, name: str, label: str) -> None:
        self._name, self._label = name, label
        self._known: str | None = _claims(repo, user).get(name)
        self.seen: str | None = None

    def check(self, row: Row) -> RowError | None:
        """A row of another account than the file's first is refused on its own."""
        if row.account is None:
            return None
        if self.seen is None:
            if self._known is not None and row.account != self._known:
                raise ImportFormatError(_mismatch(self._label, row.account, self._known))
            self.seen = row.account
        if row.account != self.seen:
            return RowError(row.line, f"the row belongs to another account ({row.account}).")
        return None


def claim(repo: ItemRepository, user: str, name: str, label: str, account: str) -> None:
    """Record ``account`` as the user's ``name`` account unless another one is (atomically)."""
    pk = user_pk(user)
    for _ in range(_ATTEMPTS):
        item = repo.get(pk, SETTINGS_SK)
        known = dict((item or {}).get("import_accounts") or {})
        if known.get(name) == account:
            return
        if known.get(name) is not None:
            raise ImportFormatError(_mismatch(label, account, str(known[name])))
        merged = {**known, name: account}
        if item is None:
            fresh = {"pk": pk, "sk": SETTINGS_SK, "user": user, "import_accounts": merged,
                     "version": 1}
            if repo.put_if_absent(fresh):
                return
            continue
        try:
            repo.update(pk, SETTINGS_SK, {"import_accounts": merged}, int(item.get("version", 1)))
            return
        except VersionConflict:
            continue
    raise InvalidInput("Your settings changed at the same moment; please import again.")


def _claims(repo: ItemRepository, user: str) -> dict[str, str]:
    item = repo.get(user_pk(user), SETTINGS_SK) or {}
    return dict(item.get("import_accounts") or {})


def _mismatch(label: str, account: str, known: str) -> str:
    return (
        f"This {label} export is of account {account}, but your earlier imports were of"
        f" account {known}; import your own export."
    )
