"""Item storage: the item models, the repository port and its DynamoDB and SQLite adapters."""
