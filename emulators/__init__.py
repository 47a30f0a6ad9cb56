"""Local stand-ins for MoreTale's remote services, for tests, benchmarks and key-less trials."""
