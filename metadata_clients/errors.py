"""The typed errors every provider client raises (pure).

``ProviderError`` is the base; callers catch it to treat any provider failure alike.
``NotFound`` names one id; ``ProviderUnavailable``, ``BadCredentials`` and ``QuotaExceeded``
concern the provider as a whole. Messages are one sentence a user or operator can act on
and never contain a credential (clients never pass one in).
"""

from __future__ import annotations


class ProviderError(Exception):
    """A metadata provider could not answer as asked."""

    def __init__(self, provider: str, message: str) -> None:
        super().__init__(message)
        self.provider = provider
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(provider={self.provider!r}, message={self.message!r})"


class NotFound(ProviderError):
    """The provider does not know this one id (other ids of the same request may exist)."""

    def __init__(self, provider: str, kind: str, id: str) -> None:
        super().__init__(provider, f"{provider} has no {kind} with id {id}; check the id.")
        self.kind = kind
        self.id = id


class ProviderUnavailable(ProviderError):
    """The provider failed, timed out or answered nonsense, even after retries."""

    def __init__(self, provider: str, detail: str) -> None:
        super().__init__(provider, f"{provider} is unavailable right now ({detail}); "
                                   "try again in a few minutes.")
        self.detail = detail


class BadCredentials(ProviderError):
    """The configured credentials were refused."""

    def __init__(self, provider: str) -> None:
        super().__init__(provider, f"{provider} refused the configured credentials; "
                                   "check the API key or client secret in the settings.")


class QuotaExceeded(ProviderError):
    """The provider's daily quota or rate limit is used up."""

    def __init__(self, provider: str, detail: str = "quota used up") -> None:
        super().__init__(provider, f"{provider} quota is used up ({detail}); "
                                   "try again later (YouTube resets daily).")
        self.detail = detail
