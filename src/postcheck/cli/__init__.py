"""The command line, on top of everything else.

`client` is the console-script entry point and the light client of the warm server
(standard library only); `app` is the typer application (check, rules, explain, init,
profile, validate, schema, serve); `jobs` spreads large batches over processes; `init`,
`validation` and `ruledocs` back their commands. Nothing below imports this package.
"""
