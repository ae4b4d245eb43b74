"""The ROI desk: the queue of release-of-information requests and the view of one request."""
