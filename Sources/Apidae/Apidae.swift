// Apidae export reading and writing.
