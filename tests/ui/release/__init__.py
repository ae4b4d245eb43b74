"""ROI desk window tests."""
