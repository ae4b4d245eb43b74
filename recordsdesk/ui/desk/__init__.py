"""The circulation desk: modes, destination, scanner input, the scan queue and its feedback."""
