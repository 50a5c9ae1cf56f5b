"""The check: claims about UN votes found in an article and verified against the record, with evidence."""
