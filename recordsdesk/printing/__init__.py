"""Printed documents (chart labels, barcode sheets, outguides, pull lists) and printer back ends."""
