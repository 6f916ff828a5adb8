"""Inputs: paths, standard input and JSONL lines read into drafts (or failures).

`reading` decodes text drafts (byte order marks, `--encoding`), extracts `.docx` text,
walks folders and reads JSONL batches; every problem is a `Failure` in the draft's place,
never an exception. The lowest layer of a check: it knows nothing of language or rules.
"""
