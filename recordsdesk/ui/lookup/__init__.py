"""Chart lookup: finding a patient and showing their volumes, shelf position and history."""
