"""Provider clients over real sockets against the loopback provider fake."""
