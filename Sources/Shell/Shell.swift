// The shell layer: commands, parsing, rendering, scripts.
