"""Chart labels from the application: batches, stocks, preview and printing."""
