"""The service layer: every rule of the product, shared by the REST API, the bot and the digest."""
