"""One module per CLI command (see dxcompare.cli)."""
