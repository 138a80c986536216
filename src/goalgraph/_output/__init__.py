"""What people read: the command line's text and JSON reports, and pictures of the alignment graph."""
