"""Which proxies may speak for a client: its address and the ``X-Forwarded-*`` headers (pure).

Behind a reverse proxy every connection comes from the proxy, so the client's address is in
``X-Forwarded-For``; but anyone can send that header. Like uvicorn's
``forwarded_allow_ips``, only the proxies a deployment names are believed: the client is the
right-most address of ``X-Forwarded-For`` that is not one of them (each trusted proxy appends
the address it saw, so everything left of that may be forged), and ``X-Forwarded-Host`` and
``X-Forwarded-Proto`` count only on a connection from one of them. By default none is named.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

FORWARDED_HEADERS = frozenset(
    {"x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"}
)
"""Headers only a trusted proxy may set; dropped from any other connection."""


def parse_networks(text: str) -> tuple[Network, ...]:
    """``"10.0.0.1, 192.168.0.0/16"`` as networks; ValueError names a bad entry."""
    networks: list[Network] = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network") from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class TrustedProxies:
    """The proxies whose ``X-Forwarded-*`` headers are believed (none by default)."""

    def __init__(self, networks: Iterable[Network] = ()) -> None:
        self.networks = tuple(networks)

    @classmethod
    def parse(cls, text: str) -> TrustedProxies:
        return cls(parse_networks(text))

    def trusts(self, peer: str) -> bool:
        """Whether a connection from ``peer`` comes from a trusted proxy."""
        address = _address(peer)
        return address is not None and any(address in network for network in self.networks)

    def client(self, peer: str, forwarded_for: str | None) -> str:
        """The client's address: the peer's own, unless the peer is a trusted proxy."""
        if not self.trusts(peer):
            return peer
        hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
        for hop in reversed(hops):
            if not self.trusts(hop):
                return hop
        # Every hop is a proxy of ours: the left-most is the closest thing to a client.
        return hops[0] if hops else peer

    def headers(self, peer: str, headers: Mapping[str, str]) -> dict[str, str]:
        """``headers`` as the router may read them: forwarded ones only from a trusted proxy."""
        if self.trusts(peer):
            return dict(headers)
        return {k: v for k, v in headers.items() if k.lower() not in FORWARDED_HEADERS}
