"""The refile screen: returned charts on the cart in filing order, scanned back into their slots."""
