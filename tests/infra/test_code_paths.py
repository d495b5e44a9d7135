"""The static code-path analysis behind the IAM contract, on small trees in tmp_path (file I/O)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.infra.code_paths import (
    MissingModules,
    UnmappedOperation,
    complete_closure,
    iam_actions_of,
    import_closure,
    load_handler,
)


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")


def actions(root: Path, entry: str, function: str = "lambda_handler") -> set[str]:
    closure = import_closure(entry, root)
    assert not closure.missing
    return iam_actions_of(closure.ours, [function])


def test_follows_lazy_and_relative_imports_but_not_type_checking_ones(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "handlers/__init__.py": "",
            "handlers/entry.py": """
                from typing import TYPE_CHECKING
                from . import store
                if TYPE_CHECKING:
                    from storage import typing_only
                def lambda_handler(event, context):
                    from storage.secret import read
                    return store.get(event), read()
            """,
            "handlers/store.py": """
                def get(client):
                    return client.get_item(TableName="t", Key={})
            """,
            "storage/__init__.py": "",
            "storage/secret.py": """
                def read(client):
                    return client.get_secret_value(SecretId="s")
            """,
            "storage/typing_only.py": """
                def scan_all(client):
                    return client.scan(TableName="t")
            """,
        },
    )
    closure = import_closure("handlers.entry", tmp_path)
    names = {module.name for module in closure.ours}
    assert names == {"handlers", "handlers.entry", "handlers.store", "storage", "storage.secret"}
    assert actions(tmp_path, "handlers.entry") == {
        "dynamodb:GetItem",
        "secretsmanager:GetSecretValue",
    }


def test_reports_modules_of_ours_that_do_not_exist(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "handlers/__init__.py": "",
            "handlers/entry.py": "import storage.url\nfrom storage.models import Item\n",
            "storage/__init__.py": "",
            "storage/models.py": "Item = dict\n",
        },
    )
    closure = import_closure("handlers.entry", tmp_path)
    assert closure.missing == {"storage.url"}


def test_a_missing_module_fails_the_contract_instead_of_skipping_it(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "handlers/__init__.py": "",
            "handlers/entry.py": "from storage.gone import read\ndef lambda_handler(e, c): ...\n",
            "storage/__init__.py": "",
        },
    )
    with pytest.raises(MissingModules, match=r"storage\.gone"):
        complete_closure("handlers.entry", tmp_path)


def test_a_handler_that_cannot_be_imported_fails_the_contract() -> None:
    with pytest.raises(ModuleNotFoundError):
        load_handler("handlers.aws.no_such_module.lambda_handler")
    with pytest.raises(AttributeError, match="not a function"):
        load_handler("handlers.aws.authorizer.no_such_function")


def test_functions_nothing_calls_do_not_count(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "storage/__init__.py": "",
            "storage/adapter.py": """
                def create_table(client):
                    client.create_table(TableName="t")
                def helper(client):
                    client.query(TableName="t")
                def lambda_handler(client):
                    helper(client)
            """,
        },
    )
    assert actions(tmp_path, "storage.adapter") == {"dynamodb:Query"}


def test_paginators_and_transactions_map_to_their_iam_actions(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "storage/__init__.py": "",
            "storage/items.py": """
                def absent(item):
                    return {"Put": {"TableName": "t", "Item": item}}
                def bump(key):
                    return {"Update": {"TableName": "t", "Key": key}}
            """,
            "storage/adapter.py": """
                from storage.items import absent, bump
                def lambda_handler(client, item, key):
                    client.transact_write_items(TransactItems=[absent(item), bump(key)])
                    client.get_paginator("query").paginate(TableName="t")
            """,
        },
    )
    assert actions(tmp_path, "storage.adapter") == {
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:Query",
    }


def test_a_call_it_cannot_map_fails_loudly(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "storage/__init__.py": "",
            "storage/adapter.py": """
                def lambda_handler(client):
                    client.execute_statement(Statement="SELECT * FROM t")
            """,
        },
    )
    with pytest.raises(UnmappedOperation):
        actions(tmp_path, "storage.adapter")


ADAPTER = """
    class Repository:
        def __init__(self, client):
            self._client = client
        def get(self, key):
            return self._client.get_item(TableName="t", Key=key)
        def update(self, key):
            return self._client.update_item(TableName="t", Key=key)
        def delete(self, key):
            return self._client.delete_item(TableName="t", Key=key)
        def close(self):
            self._client.put_item(TableName="t", Item={})
"""


def with_adapter(root: Path, entry: str) -> None:
    write_tree(
        root,
        {
            "storage/__init__.py": "",
            "storage/adapter.py": ADAPTER,
            "handlers/__init__.py": "",
            "handlers/entry.py": entry,
        },
    )


def test_methods_count_only_when_something_reachable_calls_them(tmp_path: Path) -> None:
    with_adapter(
        tmp_path,
        """
                from storage.adapter import Repository
                Item = dict[str, object]
                class Accounts:
                    def __init__(self, repo):
                        self._repo = repo
                    def lookup(self, name):
                        return self._repo.get(name)
                    def forget(self, name):
                        self._repo.delete(name)
                def lambda_handler(event, client):
                    item: Item = {"pk": "p"}
                    item.update(event)
                    delete = None
                    return Accounts(Repository(client)).lookup(item), delete
        """,
    )
    # `item.update` is a dict's, `delete` a variable, and nothing calls `forget`.
    assert actions(tmp_path, "handlers.entry") == {"dynamodb:GetItem"}


def test_methods_named_in_strings_or_registered_by_decorators_count(tmp_path: Path) -> None:
    with_adapter(
        tmp_path,
        """
                from storage.adapter import Repository
                COMMANDS = {}
                def command(function):
                    COMMANDS[function.__name__] = function
                    return function
                @command
                def wipe(repo, key):
                    repo.delete(key)
                def lambda_handler(event, client):
                    repo = Repository(client)
                    getattr(repo, "close")()
        """,
    )
    assert actions(tmp_path, "handlers.entry") == {"dynamodb:PutItem", "dynamodb:DeleteItem"}


def test_a_plain_name_reaches_its_own_modules_function_not_a_namesake(tmp_path: Path) -> None:
    with_adapter(
        tmp_path,
        """
        from storage.adapter import Repository
        from storage.schedule import subscribe
        def _store(repo, key):
            return repo.get(key)
        def lambda_handler(event, client):
            return _store(Repository(client), event)
        """,
    )
    # Another module's private `_store` (which deletes) is only reached through its callers.
    write_tree(
        tmp_path,
        {
            "storage/schedule.py": """
                def _store(repo, key):
                    repo.delete(key)
                def subscribe(repo, key):
                    _store(repo, key)
            """
        },
    )
    assert actions(tmp_path, "handlers.entry") == {"dynamodb:GetItem"}
    (tmp_path / "handlers" / "entry.py").write_text(
        "from storage.adapter import Repository\n"
        "from storage.schedule import subscribe\n"
        "def lambda_handler(event, client):\n"
        "    return subscribe(Repository(client), event)\n",
        encoding="utf-8",
    )
    assert actions(tmp_path, "handlers.entry") == {"dynamodb:DeleteItem"}


def test_a_callback_named_to_be_imported_on_first_call_counts(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "handlers/__init__.py": "",
            "handlers/entry.py": """
                ROUTES = {"wipe": "handlers.commands:wipe"}
                def lambda_handler(event, context):
                    return resolve(ROUTES[event])(event)
            """,
            "handlers/commands.py": """
                def wipe(client):
                    return client.delete_item(TableName="t", Key={})
                def unused(client):
                    return client.scan(TableName="t")
            """,
        },
    )
    assert "handlers.commands" in {m.name for m in import_closure("handlers.entry", tmp_path).ours}
    assert actions(tmp_path, "handlers.entry") == {"dynamodb:DeleteItem"}


def test_the_chat_lambdas_reach_the_commands_they_import_on_first_call() -> None:
    webhook = {m.name for m in complete_closure("bot.webhook_lambda").ours}
    discord = {m.name for m in complete_closure("bot.discord.interactions_lambda").ours}
    assert {"bot.account_commands", "bot.goal_commands", "bot.whole_shows"} <= webhook
    assert {"bot.discord.commands", "bot.discord.components", "bot.discord.modals"} <= discord
