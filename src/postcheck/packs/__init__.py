"""Rule packs and topic lists: finding, loading, cross-checking and caching them.

`loading` reads a pack's YAML into a `RuleSet` (each rule validated by its rule type's
model from `ruletypes`); `topics` holds the TOOI topic lists and how close a draft's topic
lies to a profile's area; `memo` keeps both in the disk store between runs; `schemagen`
writes the JSON Schemas of profiles, rule packs and reports. The `engine` builds on these.
"""
