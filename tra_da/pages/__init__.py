"""One module per route family; pages only lay out components and bind state."""
