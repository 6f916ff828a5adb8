"""The warm server: `postcheck serve` keeps spaCy and the engines loaded.

`protocol` is the socket framing and where the socket lives (standard library only, shared
with `cli.client`); `serve` answers requests by running the function it is handed (the
command line's `main`), so the server never imports the command line.
"""
