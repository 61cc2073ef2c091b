"""Helsinki employment-support services handbook: content model, checks and rendering."""
