"""Pure file-room rules and value types: MRNs, filing schemes, barcodes, movements."""
