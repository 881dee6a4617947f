"""Human-readable renderings of an Analysis record."""
