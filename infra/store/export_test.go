package store

// SearchWindow is searchWindow, for the external tests.
const SearchWindow = searchWindow
