"""The engine: a draft and a profile in, a `Result` with findings and notes out.

`core` holds `Engine` (matchers compiled once per language, the rule types run over each
draft's hits, severities, the bio's findings); `hidden` finds hidden characters for the
notes; `session` picks the profile, packs and engine for each input of a run; `examples`
runs a pack's own examples. It builds on `packs`, `profile`, `ruletypes`, `matching`,
`language` and `inputs`, and hands `Report`s to `formatters`.
"""
