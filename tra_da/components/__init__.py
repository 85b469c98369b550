"""Small pure functions that return components: the layout, cards, forms."""
