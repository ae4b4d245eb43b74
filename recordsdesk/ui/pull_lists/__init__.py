"""The pull lists screen: a day's charts in walk order, printed, and filled by scanning."""
